import type { AirflowDagRun } from './model';

/**
 * Audit actions of the run actions: clear (retry), mark state and notes of a
 * run or of task instances.
 *
 * @public
 */
export type AirflowRunAuditAction =
  | 'run.clear'
  | 'task.clear'
  | 'run.mark'
  | 'task.mark'
  | 'run.note'
  | 'task.note';

/**
 * States a user may set on a run (Airflow's `DAGRunPatchStates` without
 * `queued`, which clearing does).
 *
 * @public
 */
export type AirflowMarkRunState = 'success' | 'failed';

/**
 * States a user may set on a task instance (v1 `UpdateTaskState`; Airflow 3
 * accepts the same three).
 *
 * @public
 */
export type AirflowMarkTaskState = 'success' | 'failed' | 'skipped';

/**
 * Body of the clear routes (preview and confirm). Without `taskIds` the whole
 * run is cleared; `onlyFailed` makes it a "retry failed".
 *
 * @public
 */
export interface ClearTaskInstancesRequest {
  taskIds?: string[];
  onlyFailed?: boolean;
  includeUpstream?: boolean;
  includeDownstream?: boolean;
}

/**
 * Body of the mark-state routes of a run.
 *
 * @public
 */
export interface MarkDagRunRequest {
  state: AirflowMarkRunState;
}

/**
 * Body of the mark-state routes of a task instance.
 *
 * @public
 */
export interface MarkTaskInstanceRequest {
  state: AirflowMarkTaskState;
  /** Of a mapped task; absent for an unmapped one. */
  mapIndex?: number;
  includeUpstream?: boolean;
  includeDownstream?: boolean;
}

/**
 * Body of the note routes; an empty note clears it.
 *
 * @public
 */
export interface SetNoteRequest {
  note: string;
  /** Of a mapped task instance (task note only). */
  mapIndex?: number;
}

/**
 * What every confirmed run action carries besides its body: chosen by the
 * client once per intent (e.g. when the dialog opens), so that a retried
 * request performs nothing twice.
 *
 * @public
 */
export interface RunActionRequestId {
  requestId: string;
}

/**
 * One task instance a run action would affect or affected. Airflow 2 names
 * only the task and run of each (no state).
 *
 * @public
 */
export interface AirflowAffectedTaskInstance {
  taskId: string;
  runId: string;
  mapIndex?: number;
  /** Its state before the action (preview) or after it, when Airflow says. */
  state?: string | null;
}

/**
 * What a dry run says an action would do: the task instances it would
 * affect and, for a run's state, the run as it is now.
 *
 * @public
 */
export interface AirflowRunActionPreview {
  environment: string;
  dagId: string;
  runId: string;
  taskInstances: AirflowAffectedTaskInstance[];
  run?: AirflowDagRun;
}

/**
 * What a confirmed run action did.
 *
 * @public
 */
export interface AirflowRunActionResult extends AirflowRunActionPreview {
  /** The same requestId had done it already: nothing was sent to Airflow again. */
  deduplicated: boolean;
}
