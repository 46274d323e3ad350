import type {
  AirflowAffectedTaskInstance,
  AirflowDagRun,
  AirflowMarkRunState,
  AirflowMarkTaskState,
} from '@airflow-portal/plugin-airflow-common';
import type { UpstreamRequest } from '../transport/types';
import type { WriteResult } from './AirflowApiAdapter';

/** A clear of one run: the whole run, or the chosen task ids (with their relatives). */
export interface ClearRequest {
  dagId: string;
  runId: string;
  /** Absent: every task instance of the run (Airflow's run clear). */
  taskIds?: string[];
  onlyFailed: boolean;
  includeUpstream: boolean;
  includeDownstream: boolean;
}

export interface MarkRunRequest {
  dagId: string;
  runId: string;
  state: AirflowMarkRunState;
}

export interface MarkTaskRequest {
  dagId: string;
  runId: string;
  taskId: string;
  /** Of a mapped task; absent for an unmapped one. */
  mapIndex?: number;
  state: AirflowMarkTaskState;
  includeUpstream: boolean;
  includeDownstream: boolean;
}

export interface NoteRequest {
  dagId: string;
  runId: string;
  /** Absent: the run's note. */
  taskId?: string;
  mapIndex?: number;
  note: string;
}

/** What a run action changed, or (dry run) would change, in Airflow's words. */
export interface RunActionOutcome {
  taskInstances: AirflowAffectedTaskInstance[];
  /** The run, when Airflow answers with it (run clear, run state, run note). */
  run?: AirflowDagRun;
}

/** The run actions of one Airflow environment (see RunActionWrites). */
export interface RunActionAdapter {
  /** Airflow's dry run of a clear: changes nothing, may be retried. */
  previewClear(request: ClearRequest): Promise<RunActionOutcome>;
  clear(request: ClearRequest): Promise<WriteResult<RunActionOutcome>>;
  /** Airflow's dry run of a task instance's new state. */
  previewMarkTask(request: MarkTaskRequest): Promise<RunActionOutcome>;
  markTask(request: MarkTaskRequest): Promise<WriteResult<RunActionOutcome>>;
  markRun(request: MarkRunRequest): Promise<WriteResult<RunActionOutcome>>;
  setNote(request: NoteRequest): Promise<WriteResult<RunActionOutcome>>;
}

/** One upstream call of a run action, as a dialect spells it. */
export type UpstreamCall = Pick<
  UpstreamRequest,
  'method' | 'path' | 'query' | 'body'
>;

/** How one API version spells the run actions (v1 `v1RunActions.ts`, v2 `v2RunActions.ts`). */
export interface RunActionDialect {
  /**
   * `POST /dags/{dag_id}/dagRuns/{dag_run_id}/clear` of a whole run, or
   * undefined when that call cannot say what is asked (v1 has no
   * `only_failed` there): then the body form is used.
   */
  runClear(request: ClearRequest, dryRun: boolean): UpstreamCall | undefined;
  /** `POST /dags/{dag_id}/clearTaskInstances` with `dag_run_id` in the body: a short path. */
  clearTaskInstances(request: ClearRequest, dryRun: boolean): UpstreamCall;
  markTask(request: MarkTaskRequest, dryRun: boolean): UpstreamCall;
  markRun(request: MarkRunRequest): UpstreamCall;
  note(request: NoteRequest): UpstreamCall;
}
