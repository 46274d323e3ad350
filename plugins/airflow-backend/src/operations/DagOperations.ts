import {
  airflowDagPausePermission,
  airflowDagTriggerPermission,
  type AirflowDag,
  type AirflowDagRun,
} from '@airflow-portal/plugin-airflow-common';
import { ConflictError } from '@backstage/errors';
import { secretValuesOf } from '../redaction/redact';
import { digestConf, sanitizeConf } from '../audit/sanitizeConf';
import type { EntityDagRef } from '../service/AirflowService';
import { withSecretsRedacted } from '../transport/errors';
import {
  type AuditedAction,
  type DagActionContext,
  type OperationCaller,
  type RawDagParams,
  rejectDagAction,
  runDagAction,
} from './auditedDagAction';
import { deriveRunId } from './runId';
import { sameConf } from './sameConf';

export type { OperationCaller, RawDagParams } from './auditedDagAction';

/** A trigger's input, validated (`TriggerDagRunRequest`). */
export interface TriggerInput {
  /** The caller's id of this request: the same id again answers the same run. */
  requestId: string;
  conf?: Record<string, unknown>;
  logicalDate?: string | null;
  note?: string;
}

export type DagOperationsOptions = DagActionContext;

const triggerRecord = (input?: TriggerInput): AuditedAction => ({
  action: 'dag.trigger',
  conf: sanitizeConf(input?.conf),
  confDigest: digestConf(input?.conf),
  requestId: input?.requestId,
});

const pauseRecord = (isPaused: unknown): AuditedAction => ({
  action: isPaused === false ? 'dag.unpause' : 'dag.pause',
  // One auditor event for both directions.
  eventId: 'dag-pause',
});

/**
 * Trigger and pause/unpause of a DAG an entity binds. Each is allowed by its
 * permission on the DAG itself (`airflow-dag`: config and Airflow metadata,
 * not the entity's annotations), checked for binding like every read, and
 * wrapped by the audit trail (see AuditTrail): a denial is recorded too.
 */
export class DagOperations {
  constructor(private readonly options: DagOperationsOptions) {}

  trigger(
    caller: OperationCaller,
    ref: EntityDagRef,
    input: TriggerInput,
  ): Promise<AirflowDagRun> {
    const { requestId, conf, logicalDate, note } = input;
    const runId = deriveRunId({
      actor: caller.credentials.principal.userEntityRef,
      environment: ref.environment,
      dagId: ref.dagId,
      requestId,
    });
    return runDagAction(this.options, caller, ref, {
      permission: airflowDagTriggerPermission,
      audited: triggerRecord(input),
      runId,
      call: async adapter => {
        try {
          const triggered = await adapter.triggerDagRun({
            dagId: ref.dagId,
            runId,
            conf,
            logicalDate,
            note,
          });
          if (triggered.deduplicated && !sameConf(triggered.value.conf, conf)) {
            throw new ConflictError(
              `This requestId started a run with a different conf (run ${runId}); choose a new requestId to start another run`,
            );
          }
          return { ...triggered, runId: triggered.value.runId };
        } catch (error) {
          // Airflow's detail may echo a param it refused, secret or not.
          throw withSecretsRedacted(error, secretValuesOf(conf));
        }
      },
    });
  }

  setPaused(
    caller: OperationCaller,
    ref: EntityDagRef,
    isPaused: boolean,
  ): Promise<AirflowDag> {
    return runDagAction(this.options, caller, ref, {
      permission: airflowDagPausePermission,
      audited: pauseRecord(isPaused),
      call: adapter => adapter.setDagPaused(ref.dagId, isPaused),
    });
  }

  /** A trigger whose input could not be validated: recorded (`rejected`), then `error` is thrown. */
  rejectTrigger(
    caller: OperationCaller,
    params: RawDagParams,
    input: TriggerInput | undefined,
    error: Error,
  ): Promise<never> {
    return rejectDagAction(
      this.options,
      caller,
      params,
      triggerRecord(input),
      error,
    );
  }

  /** A pause/unpause whose input could not be validated; `isPaused` as sent, if at all. */
  rejectSetPaused(
    caller: OperationCaller,
    params: RawDagParams,
    isPaused: unknown,
    error: Error,
  ): Promise<never> {
    return rejectDagAction(
      this.options,
      caller,
      params,
      pauseRecord(isPaused),
      error,
    );
  }
}
