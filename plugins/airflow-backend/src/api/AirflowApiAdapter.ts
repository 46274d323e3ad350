import type {
  AirflowApiVersion,
  AirflowDag,
  AirflowDagDetails,
  AirflowDagRun,
  AirflowDagVersion,
  AirflowEventLogEntry,
  AirflowHealth,
  AirflowImportError,
  AirflowLogChunk,
  AirflowPage,
  AirflowTaskInstance,
  DagRunState,
} from '@airflow-portal/plugin-airflow-common';
import type { TaskLogKey } from '../transport/types';
import type { V2Approvals } from './v2Approvals';
import type { V2Backfills } from './v2Backfills';
import type { RunActionAdapter } from './runActionTypes';

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface ListDagsRequest extends PageRequest {
  /** Substring match on the DAG id (Airflow wraps it in `%…%`; `_` and `%` are wildcards). */
  dagIdPattern?: string;
  /** DAGs carrying any of these tags. */
  tags?: string[];
  paused?: boolean;
  /** Include DAGs whose file is gone (v2 `is_stale`, v1 `!is_active`); default false. */
  includeInactive?: boolean;
}

export interface ListDagRunsRequest extends PageRequest {
  states?: DagRunState[];
}

/** Which runs `countDagRuns` counts, across all DAGs. */
export interface DagRunCountFilter {
  state: DagRunState;
  /** Only runs that ended at or after this time (ISO 8601). */
  endDateGte?: string;
}

/** Which runs `listEndedRuns` lists, across all DAGs. */
export interface EndedRunsRequest extends PageRequest {
  states: DagRunState[];
  /** Only runs that ended at or after this time (ISO 8601). */
  endDateGte: string;
}

export interface LatestRunsBatch {
  /** Newest first, across all requested DAGs. */
  runs: AirflowDagRun[];
  /** How many runs the requested DAGs have in total. */
  totalEntries: number;
}

/** One try of one task instance, and where to continue reading its log: what a transport's log store reads too. */
export type TaskLogRequest = TaskLogKey;

export interface AirflowVersionInfo {
  version: string;
  gitVersion?: string;
}

/** What Airflow answered to a write: the value in the shared model and Airflow's status (for the audit trail). */
export interface WriteResult<T> {
  value: T;
  upstreamStatus: number;
}

export interface TriggerDagRunRequest {
  dagId: string;
  /** Chosen by the caller, so that a retried trigger meets Airflow's 409 instead of starting a second run. */
  runId: string;
  conf?: Record<string, unknown>;
  /** ISO 8601 with a time zone; null or absent lets Airflow choose. */
  logicalDate?: string | null;
  note?: string;
}

export interface TriggerDagRunResult extends WriteResult<AirflowDagRun> {
  /** An earlier attempt had already started the run (Airflow's 409 for this run id); it is returned instead. */
  deduplicated: boolean;
}

/**
 * One Airflow environment's REST API in the shared model, reads and writes.
 * Implementations are the only place that knows v1 (Airflow 2) or v2
 * (Airflow 3) paths and field names. Reads may be retried by the transport;
 * writes never are.
 */
export interface AirflowApiAdapter {
  readonly apiVersion: AirflowApiVersion;
  getHealth(): Promise<AirflowHealth>;
  getVersion(): Promise<AirflowVersionInfo>;
  listDags(request: ListDagsRequest): Promise<AirflowPage<AirflowDag>>;
  getDag(dagId: string): Promise<AirflowDag>;
  /** The DAG with its params (for the trigger form) and doc. */
  getDagDetails(dagId: string): Promise<AirflowDagDetails>;
  /** Runs of one DAG, newest first. */
  listDagRuns(
    dagId: string,
    request: ListDagRunsRequest,
  ): Promise<AirflowPage<AirflowDagRun>>;
  /**
   * One run. Where its path is over the connection's limit (MWAA: 64
   * characters), it is looked up among the DAG's 100 newest runs.
   */
  getDagRun(dagId: string, runId: string): Promise<AirflowDagRun>;
  /** The newest runs of many DAGs (at most 100 ids) in one upstream call. */
  listLatestRuns(dagIds: string[], limit: number): Promise<LatestRunsBatch>;
  /** Task instances of one run (batch endpoint: short path on every transport). */
  listTaskInstances(
    dagId: string,
    runId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>>;
  getTaskLog(request: TaskLogRequest): Promise<AirflowLogChunk>;
  listImportErrors(
    request: PageRequest,
  ): Promise<AirflowPage<AirflowImportError>>;
  countImportErrors(): Promise<number>;
  /** How many runs of all DAGs match the filter (one call, Airflow's `total_entries`). */
  countDagRuns(filter: DagRunCountFilter): Promise<number>;
  /** Runs of every DAG in these states that ended since a time, oldest end first (one call per page). */
  listEndedRuns(request: EndedRunsRequest): Promise<AirflowPage<AirflowDagRun>>;

  /**
   * Starts a run with the request's run id. A 409 for that run id means an
   * earlier attempt of the same request started it: that run is read back
   * and returned (`deduplicated`). Any other 409 stands.
   */
  triggerDagRun(request: TriggerDagRunRequest): Promise<TriggerDagRunResult>;
  /** Pauses or unpauses the DAG; answers the DAG as Airflow left it. */
  setDagPaused(
    dagId: string,
    isPaused: boolean,
  ): Promise<WriteResult<AirflowDag>>;

  /** Human-in-the-loop approvals (Airflow 3.1+; NotImplementedError on Airflow 2). */
  readonly approvals: V2Approvals;
  /** Backfills (Airflow 3; NotImplementedError on Airflow 2). */
  readonly backfills: V2Backfills;
  /** Clear, mark state and notes of runs and task instances (see RunActionWrites). */
  readonly runActions: RunActionAdapter;
  /**
   * Task instances of many runs of one DAG in one batch call (the grid),
   * with the ids in the body: short path on every transport.
   */
  listTaskInstancesOfRuns(
    dagId: string,
    runIds: string[],
    request: PageRequest,
  ): Promise<AirflowPage<AirflowTaskInstance>>;
  /** Airflow's event log of one DAG, newest first (`GET /eventLogs?dag_id=`). */
  listEventLog(
    dagId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowEventLogEntry>>;
  /** The DAG's versions, newest first; undefined where the API has none (Airflow 2). */
  listDagVersions(
    dagId: string,
    request: PageRequest,
  ): Promise<AirflowPage<AirflowDagVersion> | undefined>;
}

/** What every adapter needs to know about its environment. */
export interface AdapterContext {
  environment: string;
  /** Base URL of the Airflow UI for deep links. */
  uiUrl?: string;
}
