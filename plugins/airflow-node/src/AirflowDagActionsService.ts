import type {
  AirflowDag,
  AirflowDagRun,
  AirflowPage,
  AirflowRunActionPreview,
  AirflowRunActionResult,
  ClearTaskInstancesRequest,
} from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/**
 * A DAG as a catalog entity binds it: what every Airflow action names, so
 * that the Airflow backend checks the binding as it does for the UI.
 *
 * @public
 */
export interface AirflowEntityDagTarget {
  /** The entity whose Airflow tab shows the DAG, e.g. `component:default/orders-service`. */
  entityRef: string;
  environment: string;
  dagId: string;
}

/**
 * Who acts and what for.
 *
 * @public
 */
export interface AirflowActionCaller {
  /**
   * The user the action is for (e.g. the scaffolder's
   * `ctx.getInitiatorCredentials()`): the Airflow backend decides the
   * permission for that user and records them as the actor.
   */
  credentials: BackstageCredentials;
  /**
   * What the calling plugin acts for, e.g. `task:<scaffolder task id>`:
   * recorded in the audit record's `origin` beside the plugin the token
   * names. Letters, digits and `:._/-`, at most 200 characters.
   */
  originRef?: string;
}

/** @public */
export interface AirflowTriggerRequest extends AirflowActionCaller {
  target: AirflowEntityDagTarget;
  /** The same id again answers the run it started, without starting another. */
  requestId: string;
  conf?: Record<string, unknown>;
  note?: string;
}

/** @public */
export interface AirflowSetPausedRequest extends AirflowActionCaller {
  target: AirflowEntityDagTarget;
  isPaused: boolean;
}

/** @public */
export interface AirflowClearRequest extends AirflowActionCaller {
  target: AirflowEntityDagTarget;
  runId: string;
  options?: ClearTaskInstancesRequest;
}

/** @public */
export interface AirflowRunsRequest extends AirflowActionCaller {
  target: AirflowEntityDagTarget;
  /** At most 100, newest first. */
  limit?: number;
}

/**
 * The Airflow backend's DAG actions for other plugins' modules (scaffolder
 * actions, assistants' tools). Each goes through the backend's operations:
 * binding check, permission for the user, audit record, idempotency.
 *
 * @public
 */
export interface AirflowDagActionsService {
  triggerDagRun(request: AirflowTriggerRequest): Promise<AirflowDagRun>;
  setDagPaused(request: AirflowSetPausedRequest): Promise<AirflowDag>;
  /** Airflow's dry run of a clear: what it would run again; changes nothing. */
  previewClear(request: AirflowClearRequest): Promise<AirflowRunActionPreview>;
  clear(
    request: AirflowClearRequest & { requestId: string },
  ): Promise<AirflowRunActionResult>;
  listDagRuns(request: AirflowRunsRequest): Promise<AirflowPage<AirflowDagRun>>;
}
