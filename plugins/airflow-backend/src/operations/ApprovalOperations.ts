import {
  airflowDagHitlRespondPermission,
  type AirflowApprovalAnswer,
  type RespondToApprovalRequest,
} from '@airflow-portal/plugin-airflow-common';
import { ConflictError } from '@backstage/errors';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type { Performed } from '../audit/AuditTrail';
import type { AuditStore } from '../audit/types';
import { digestConf, sanitizeConf } from '../audit/sanitizeConf';
import { secretValuesOf } from '../redaction/redact';
import type { EntityDagRef } from '../service/AirflowService';
import { isUpstreamError, withSecretsRedacted } from '../transport/errors';
import {
  type AuditedAction,
  type DagActionContext,
  rejectDagAction,
  runDagAction,
} from './auditedDagAction';
import type { OperationCaller, RawDagParams } from './DagOperations';

/** The task whose approval is answered, as the route names it. */
export interface ApprovalTarget {
  runId: string;
  taskId: string;
}

/** Raw route params of an answer, for recording an attempt whose input was rejected. */
export type RawApprovalParams = RawDagParams &
  Partial<Record<'runId' | 'taskId', string>>;

/**
 * What the record keeps of an answer: the task, the options and the params
 * (redacted like a trigger's conf; their digest for denied attempts).
 */
function respondRecord(
  target: Partial<ApprovalTarget>,
  input?: Partial<RespondToApprovalRequest>,
): AuditedAction {
  const answer = {
    taskId: target.taskId,
    mapIndex: input?.mapIndex ?? -1,
    chosenOptions: input?.chosenOptions,
    paramsInput: input?.paramsInput,
  };
  return {
    action: 'hitl.respond',
    conf: sanitizeConf(answer),
    confDigest: digestConf(answer),
    requestId: input?.requestId,
  };
}

/**
 * Answers to human-in-the-loop approvals (Airflow 3.1+) of DAGs an entity
 * binds, on the path trigger and pause take (see runDagAction). Airflow sees
 * the portal's Airflow user as the responder; the audit record's actor is
 * the Backstage user who answered.
 */
export class ApprovalOperations {
  constructor(
    private readonly context: DagActionContext & {
      /** The audit trail's records, to find an earlier attempt of a request. */
      records: Pick<AuditStore, 'query'>;
    },
  ) {}

  respond(
    caller: OperationCaller,
    ref: EntityDagRef,
    target: ApprovalTarget,
    input: RespondToApprovalRequest,
  ): Promise<AirflowApprovalAnswer> {
    return runDagAction(this.context, caller, ref, {
      permission: airflowDagHitlRespondPermission,
      audited: respondRecord(target, input),
      runId: target.runId,
      call: async adapter => {
        try {
          const performed = await answerOnce(
            adapter,
            ref.dagId,
            target,
            input,
            () => this.triedBefore(caller, ref, input.requestId),
          );
          // The record names the run whose task was answered.
          return { ...performed, runId: target.runId };
        } catch (error) {
          // Airflow's detail may echo a param it refused, secret or not.
          throw withSecretsRedacted(error, secretValuesOf(input.paramsInput));
        }
      },
    });
  }

  /** Whether an attempt of this request (actor, DAG, requestId) reached Airflow before. */
  private async triedBefore(
    caller: OperationCaller,
    ref: EntityDagRef,
    requestId: string,
  ): Promise<boolean> {
    const { items } = await this.context.records.query({
      actor: caller.credentials.principal.userEntityRef,
      environment: ref.environment,
      dagId: ref.dagId,
      action: 'hitl.respond',
      limit: 100,
    });
    return items.some(
      r =>
        r.requestId === requestId &&
        ['succeeded', 'deduplicated', 'unknown', 'failed'].includes(r.outcome),
    );
  }

  /** An answer whose input could not be validated: recorded (`rejected`), then `error` is thrown. */
  rejectRespond(
    caller: OperationCaller,
    params: RawApprovalParams,
    input: Partial<RespondToApprovalRequest> | undefined,
    error: Error,
  ): Promise<never> {
    return rejectDagAction(
      this.context,
      caller,
      params,
      respondRecord(params, input),
      error,
    );
  }
}

/**
 * Airflow takes one answer per approval (another: 409). A 409 to a request
 * tried before, for an answer with the same options, is that attempt's
 * answer (a retry): `deduplicated`. Otherwise the 409 stands, saying who
 * answered what.
 */
async function answerOnce(
  adapter: AirflowApiAdapter,
  dagId: string,
  target: ApprovalTarget,
  input: RespondToApprovalRequest,
  triedBefore: () => Promise<boolean>,
): Promise<Performed<AirflowApprovalAnswer>> {
  const mapIndex = input.mapIndex ?? -1;
  try {
    return await adapter.approvals.respond({
      dagId,
      runId: target.runId,
      taskId: target.taskId,
      mapIndex,
      chosenOptions: input.chosenOptions,
      paramsInput: input.paramsInput,
    });
  } catch (error) {
    if (!(isUpstreamError(error) && error.details.status === 409)) {
      throw error;
    }
    const existing = await adapter.approvals
      .find({ dagId, runId: target.runId, taskId: target.taskId, mapIndex })
      .catch(() => undefined);
    if (!existing?.responseReceived || !existing.respondedBy) {
      throw error;
    }
    if (
      !sameOptions(existing.chosenOptions ?? [], input.chosenOptions) ||
      !(await triedBefore())
    ) {
      throw new ConflictError(
        `This approval was answered already (by ${
          existing.respondedBy.name
        }: ${(existing.chosenOptions ?? []).join(', ')})`,
      );
    }
    return {
      value: {
        respondedBy: existing.respondedBy,
        respondedAt: existing.respondedAt ?? '',
        chosenOptions: existing.chosenOptions ?? [],
      },
      upstreamStatus: 409,
      deduplicated: true,
    };
  }
}

function sameOptions(a: string[], b: string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((o, i) => o === right[i]);
}
