import {
  airflowDagBackfillPermission,
  type AirflowAuditRecord,
  type AirflowBackfill,
  type BackfillAction,
  type BackfillSpec,
  type CreateBackfillRequest,
} from '@airflow-portal/plugin-airflow-common';
import { NotFoundError } from '@backstage/errors';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type { Performed } from '../audit/AuditTrail';
import type { AuditStore } from '../audit/types';
import { digestConf, sanitizeConf } from '../audit/sanitizeConf';
import type { EntityDagRef } from '../service/AirflowService';
import { isUpstreamError } from '../transport/errors';
import {
  type AuditedAction,
  type DagActionContext,
  rejectDagAction,
  runDagAction,
} from './auditedDagAction';
import type { OperationCaller, RawDagParams } from './DagOperations';

/** Raw route params of a backfill change, for recording a rejected attempt. */
export type RawBackfillParams = RawDagParams & {
  backfillId?: string | number;
};

/** The record of a creation keeps its range and how it reprocesses runs. */
function createRecord(input?: Partial<CreateBackfillRequest>): AuditedAction {
  const spec = input
    ? {
        fromDate: input.fromDate,
        toDate: input.toDate,
        reprocessBehavior: input.reprocessBehavior ?? 'none',
        maxActiveRuns: input.maxActiveRuns ?? 10,
        runBackwards: input.runBackwards ?? false,
      }
    : undefined;
  return {
    action: 'backfill.create',
    conf: sanitizeConf(spec),
    confDigest: digestConf(spec),
    requestId: input?.requestId,
  };
}

function changeRecord(
  action: unknown,
  backfillId: number | string | undefined,
): AuditedAction {
  const known: BackfillAction[] = ['pause', 'unpause', 'cancel'];
  const verb = known.includes(action as BackfillAction)
    ? (action as BackfillAction)
    : 'pause';
  const conf = backfillId === undefined ? undefined : { backfillId };
  return { action: `backfill.${verb}`, conf, confDigest: digestConf(conf) };
}

/**
 * Backfills (Airflow 3) of DAGs an entity binds: create, pause, unpause,
 * cancel, each on the path trigger and pause take (see runDagAction).
 */
export class BackfillOperations {
  constructor(
    private readonly context: DagActionContext & {
      /** The audit trail's records, to find an earlier attempt of a request. */
      records: Pick<AuditStore, 'query'>;
    },
  ) {}

  create(
    caller: OperationCaller,
    ref: EntityDagRef,
    input: CreateBackfillRequest,
  ): Promise<AirflowBackfill> {
    return runDagAction(this.context, caller, ref, {
      permission: airflowDagBackfillPermission,
      audited: createRecord(input),
      call: async adapter => {
        const earlier = await this.earlierAttempts(
          caller,
          ref,
          input.requestId,
        );
        const created = earlier.find(r => backfillIdOf(r) !== undefined);
        if (created) {
          // This request created a backfill already: that one, nothing new.
          const backfill = await adapter.backfills.get(backfillIdOf(created)!);
          return { value: backfill, upstreamStatus: 200, deduplicated: true };
        }
        const performed = await createOnce(
          adapter,
          ref.dagId,
          input,
          earlier.length > 0,
        );
        return { ...performed, runId: recordedId(performed.value.id) };
      },
    });
  }

  /**
   * Attempts of the same request (actor, DAG and requestId) that reached
   * Airflow, newest first: a retry finds the backfill its first attempt
   * created in the record (`backfill:<id>` as the record's run id).
   */
  private async earlierAttempts(
    caller: OperationCaller,
    ref: EntityDagRef,
    requestId: string,
  ): Promise<AirflowAuditRecord[]> {
    const { items } = await this.context.records.query({
      actor: caller.credentials.principal.userEntityRef,
      environment: ref.environment,
      dagId: ref.dagId,
      action: 'backfill.create',
      limit: 100,
    });
    return items.filter(
      r =>
        r.requestId === requestId &&
        ['succeeded', 'deduplicated', 'unknown', 'failed'].includes(r.outcome),
    );
  }

  change(
    caller: OperationCaller,
    ref: EntityDagRef,
    backfillId: number,
    action: BackfillAction,
  ): Promise<AirflowBackfill> {
    return runDagAction(this.context, caller, ref, {
      permission: airflowDagBackfillPermission,
      audited: changeRecord(action, backfillId),
      call: async adapter => {
        // Airflow takes a backfill id alone: it must be one of this DAG's.
        const backfill = await adapter.backfills.get(backfillId);
        if (backfill.dagId !== ref.dagId) {
          throw new NotFoundError(
            `Backfill ${backfillId} is not a backfill of DAG "${ref.dagId}"`,
          );
        }
        try {
          return await adapter.backfills.change(backfillId, action);
        } catch (error) {
          // A retried cancel meets Airflow's 409 "already completed": done.
          if (action === 'cancel' && isConflict(error)) {
            const after = await adapter.backfills.get(backfillId);
            if (after.completedAt) {
              return { value: after, upstreamStatus: 409, deduplicated: true };
            }
          }
          throw error;
        }
      },
    });
  }

  rejectCreate(
    caller: OperationCaller,
    params: RawDagParams,
    input: Partial<CreateBackfillRequest> | undefined,
    error: Error,
  ): Promise<never> {
    return rejectDagAction(
      this.context,
      caller,
      params,
      createRecord(input),
      error,
    );
  }

  rejectChange(
    caller: OperationCaller,
    params: RawBackfillParams,
    action: unknown,
    error: Error,
  ): Promise<never> {
    return rejectDagAction(
      this.context,
      caller,
      params,
      changeRecord(action, params.backfillId),
      error,
    );
  }
}

function isConflict(error: unknown): boolean {
  return isUpstreamError(error) && error.details.status === 409;
}

/** The backfill id as the audit record keeps it, in its run id. */
function recordedId(id: number): string {
  return `backfill:${id}`;
}

function backfillIdOf(record: AirflowAuditRecord): number | undefined {
  const match = /^backfill:(\d+)$/.exec(record.runId ?? '');
  return match ? Number(match[1]) : undefined;
}

/**
 * Airflow runs one backfill of a DAG at a time (another: 409). A 409 to a
 * request tried before whose outcome is not known (it timed out), while an
 * unfinished backfill of the same range and behaviour exists, is that
 * attempt's backfill (`deduplicated`). Any other 409 stands.
 */
async function createOnce(
  adapter: AirflowApiAdapter,
  dagId: string,
  input: CreateBackfillRequest,
  triedBefore: boolean,
): Promise<Performed<AirflowBackfill>> {
  try {
    return await adapter.backfills.create(dagId, input);
  } catch (error) {
    if (!triedBefore || !isConflict(error)) {
      throw error;
    }
    const { items } = await adapter.backfills
      .list(dagId, { limit: 100, offset: 0 })
      .catch(() => ({ items: [] as AirflowBackfill[] }));
    const same = items.find(b => !b.completedAt && sameSpec(b, input));
    if (!same) {
      throw error;
    }
    return { value: same, upstreamStatus: 409, deduplicated: true };
  }
}

function sameSpec(backfill: AirflowBackfill, spec: BackfillSpec): boolean {
  return (
    Date.parse(backfill.fromDate) === Date.parse(spec.fromDate) &&
    Date.parse(backfill.toDate) === Date.parse(spec.toDate) &&
    backfill.reprocessBehavior === (spec.reprocessBehavior ?? 'none') &&
    backfill.maxActiveRuns === (spec.maxActiveRuns ?? 10)
  );
}
