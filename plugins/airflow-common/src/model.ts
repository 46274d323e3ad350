import type { AirflowRunAuditAction } from './runActions';

/*
 * The one domain model shared by the backend and the frontend. The backend's
 * API-version adapters turn Airflow 2 (/api/v1) and Airflow 3 (/api/v2) payloads
 * into these types; nothing outside the adapters sees v1 or v2 field names.
 * Times are ISO 8601 strings.
 */

/**
 * The REST API generation an environment speaks: v1 = Airflow 2, v2 = Airflow 3.
 *
 * @public
 */
export type AirflowApiVersion = 'v1' | 'v2';

/**
 * How the backend reaches an environment.
 *
 * @public
 */
export type AirflowTransportKind = 'jwt' | 'token' | 'basic' | 'mwaa';

/**
 * An error as the API reports it: the Airflow status and detail when it came from upstream.
 *
 * @public
 */
export interface AirflowErrorInfo {
  /** Error class name, e.g. `UpstreamError`, `NotFoundError`, `ServiceUnavailableError`. */
  name: string;
  message: string;
  /** HTTP status Airflow (or MWAA) answered with, when the error came from upstream. */
  upstreamStatus?: number;
  /** Airflow's own detail text. */
  detail?: string;
}

/**
 * Health of one Airflow component. `unknown` when Airflow reports no status (e.g. a triggerer that never ran).
 *
 * @public
 */
export interface ComponentHealth {
  status: 'healthy' | 'unhealthy' | 'unknown';
  latestHeartbeat?: string;
}

/** @public */
export interface AirflowHealth {
  metadatabase: ComponentHealth;
  scheduler: ComponentHealth;
  triggerer: ComponentHealth;
  /** Absent on Airflow 2 and on Airflow 3 servers that do not report it. */
  dagProcessor?: ComponentHealth;
}

/**
 * MWAA's own view of an environment (GetEnvironment).
 *
 * @public
 */
export interface MwaaEnvironmentInfo {
  environmentName: string;
  region: string;
  /** MWAA `Status`, e.g. AVAILABLE, UPDATING, UNAVAILABLE. */
  status?: string;
  airflowVersion?: string;
  webserverUrl?: string;
}

/**
 * Static facts about a configured environment; never carries credentials.
 *
 * @public
 */
export interface AirflowEnvironmentSummary {
  name: string;
  title: string;
  /** Catalog group ref of the team that owns the environment. */
  owner?: string;
  description?: string;
  tags: string[];
  /**
   * A production environment: operations there get stronger confirmations.
   * Decided once, by the backend's config (`production`, or else the tag
   * `production`).
   */
  production: boolean;
  /** Base URL of the Airflow UI, for deep links. */
  uiUrl?: string;
  transport: AirflowTransportKind;
  /**
   * True when the Airflow UI can be opened signed in through the backend
   * (`POST /environments/{environment}/web-login`: an MWAA environment with
   * a web login identity configured); absent otherwise.
   */
  webLogin?: boolean;
}

/**
 * Overall verdict: healthy; degraded (a component unhealthy); unreachable (no answer).
 *
 * @public
 */
export type EnvironmentOverallStatus = 'healthy' | 'degraded' | 'unreachable';

/**
 * Which import errors a count or list covers.
 *
 * @public
 */
export type AirflowImportErrorScope = 'all' | 'readable';

/** @public */
export interface AirflowEnvironmentStatus extends AirflowEnvironmentSummary {
  status: EnvironmentOverallStatus;
  apiVersion?: AirflowApiVersion;
  /** Airflow version string, e.g. `3.0.6`. */
  version?: string;
  health?: AirflowHealth;
  /** Import errors the caller may read (see `importErrorScope`); absent when not counted. */
  importErrorCount?: number;
  /**
   * `all`: every import error of the environment; `readable`: only those of
   * files whose DAGs the caller may read the logs of (the count hides the rest).
   */
  importErrorScope?: AirflowImportErrorScope;
  mwaa?: MwaaEnvironmentInfo;
  /** Why the environment is unreachable or partly unknown. */
  error?: AirflowErrorInfo;
  /** DAG runs of the last 24 hours that failed or are running now; absent when not counted. */
  runCounts24h?: { failed: number; running: number };
  /** When the status was last read from Airflow. */
  checkedAt: string;
  /** When Airflow last answered one of the portal's calls. */
  lastSuccessAt?: string;
  /** The first failure since the environment last answered; absent while it answers. */
  unreachableSince?: string;
  /**
   * True when the environment failed after `checkedAt` (its circuit breaker
   * is open): `status` is then `unreachable` and the rest is the last known.
   */
  stale?: boolean;
  /**
   * DAG ids bound by id by any catalog entity to this environment that
   * Airflow does not list; absent when not counted.
   */
  missingDagCount?: number;
}

/** @public */
export interface AirflowDag {
  environment: string;
  dagId: string;
  displayName: string;
  description?: string;
  isPaused: boolean;
  /** False when Airflow no longer finds the DAG file (v2 `is_stale`, v1 `!is_active`). */
  isActive: boolean;
  owners: string[];
  tags: string[];
  /** Human-readable schedule: v2 `timetable_summary`, v1 `schedule_interval`. */
  schedule?: string;
  scheduleDescription?: string;
  nextRunLogicalDate?: string;
  nextRunAfter?: string;
  hasImportErrors: boolean;
  fileloc?: string;
  lastParsedTime?: string;
  maxActiveRuns?: number;
  /** Deep link into the Airflow UI. */
  uiUrl?: string;
}

/** @public */
export type DagRunState = 'queued' | 'running' | 'success' | 'failed';

/** @public */
export interface AirflowDagRun {
  environment: string;
  dagId: string;
  runId: string;
  state: DagRunState;
  runType?: string;
  /** v2 `logical_date`, v1 `logical_date`/`execution_date`; null for runs without one. */
  logicalDate?: string | null;
  runAfter?: string;
  queuedAt?: string;
  startDate?: string;
  endDate?: string;
  conf?: Record<string, unknown>;
  note?: string;
  triggeredBy?: string;
  uiUrl?: string;
  /** Airflow 3: the versions of the DAG the run used (v2 `dag_versions`); absent on Airflow 2. */
  dagVersions?: AirflowDagVersion[];
}

/** @public */
export interface AirflowTaskInstance {
  environment: string;
  dagId: string;
  runId: string;
  taskId: string;
  displayName?: string;
  mapIndex: number;
  /** Airflow task state; null when the task has no state yet. */
  state: string | null;
  tryNumber: number;
  maxTries?: number;
  operator?: string;
  startDate?: string;
  endDate?: string;
  durationSeconds?: number;
  hostname?: string;
  pool?: string;
  queue?: string;
  uiUrl?: string;
  /** The note a user left on this task instance (Airflow 2.5+). */
  note?: string;
}

/** @public */
export interface AirflowLogLine {
  timestamp?: string;
  level?: string;
  message: string;
}

/** @public */
export interface AirflowLogChunk {
  lines: AirflowLogLine[];
  /** Pass back to fetch the next chunk; absent at the end of the log. */
  continuationToken?: string;
  endOfLog: boolean;
}

/** @public */
export interface AirflowImportError {
  id: number;
  filename: string;
  timestamp?: string;
  stackTrace: string;
  bundleName?: string;
}

/**
 * A page of import errors: `scope` says whether it is every import error of
 * the environment or only those the caller may read (`totalEntries` then
 * counts those only).
 *
 * @public
 */
export interface AirflowImportErrorPage
  extends AirflowPage<AirflowImportError> {
  scope: AirflowImportErrorScope;
}

/**
 * A page of a collection, with Airflow's `total_entries`.
 *
 * @public
 */
export interface AirflowPage<T> {
  items: T[];
  totalEntries: number;
  offset: number;
  limit: number;
}

/** @public */
export interface AirflowDagWithRuns extends AirflowDag {
  /** Newest first. */
  latestRuns: AirflowDagRun[];
  /** Catalog entities the DAG is bound to (for a group: which of the entities it owns). */
  boundEntityRefs: string[];
  /**
   * True when `latestRuns` may be shorter than usual: latest runs are read for up
   * to 100 DAGs in one batch of the newest runs, and busier DAGs of the batch
   * filled it. Older runs are still available from the runs route.
   */
  latestRunsPartial?: boolean;
}

/**
 * One environment's share of an entity's DAGs: the DAGs, or why they could not be read.
 *
 * @public
 */
export interface EnvironmentDags {
  environment: string;
  dags: AirflowDagWithRuns[];
  error?: AirflowErrorInfo;
  /** DAG ids the entity binds by id that Airflow does not list (deployment check). */
  missingDags?: AirflowMissingDag[];
}

/**
 * DAGs bound to a catalog entity (for a group: to everything it owns), per environment.
 *
 * @public
 */
export interface EntityDagsResponse {
  entityRef: string;
  environments: EnvironmentDags[];
}

/** @public */
export interface EnvironmentsResponse {
  environments: AirflowEnvironmentStatus[];
}

/**
 * One DAG param as Airflow serialises it: its default value, description and JSON schema.
 *
 * @public
 */
export interface AirflowDagParam {
  value?: unknown;
  description?: string;
  /** JSON schema of the param (`type`, `enum`, `format`, `minimum`, …). */
  schema: Record<string, unknown>;
}

/**
 * A DAG with what the trigger form needs.
 *
 * @public
 */
export interface AirflowDagDetails extends AirflowDag {
  /** The DAG's params by name; empty when the DAG declares none. */
  params: Record<string, AirflowDagParam>;
  docMd?: string;
}

/**
 * Body of the trigger route.
 *
 * @public
 */
export interface TriggerDagRunRequest {
  /** A JSON object passed to the run as `conf`; at most 64 KiB serialised. */
  conf?: Record<string, unknown>;
  /** ISO 8601 with a time zone, or null (the default) to let Airflow decide. */
  logicalDate?: string | null;
  note?: string;
  /**
   * Chosen by the client once per trigger intent (e.g. a UUID made when the
   * dialog opens): a retried or double-clicked trigger with the same id starts
   * no second run.
   */
  requestId: string;
}

/**
 * Body of the pause route.
 *
 * @public
 */
export interface SetDagPausedRequest {
  isPaused: boolean;
}

/** @public */
export type AirflowAuditAction =
  | 'dag.trigger'
  | 'dag.pause'
  | 'dag.unpause'
  | 'hitl.respond'
  | 'backfill.create'
  | 'backfill.pause'
  | 'backfill.unpause'
  | 'backfill.cancel'
  | 'environment.web-login'
  | AirflowRunAuditAction;

/**
 * pending: recorded, upstream call not yet completed. deduplicated: the
 * request id had started the run already; nothing new happened. unknown: the
 * call timed out and Airflow may have acted; resolved later by reading the run.
 *
 * @public
 */
export type AirflowAuditOutcome =
  | 'pending'
  | 'succeeded'
  | 'deduplicated'
  | 'failed'
  | 'unknown'
  | 'denied'
  | 'rejected';

/** @public */
export interface AirflowAuditRecord {
  id: string;
  /** When the attempt started. */
  createdAt: string;
  completedAt?: string;
  /** User entity ref of who acted. */
  actor: string;
  action: AirflowAuditAction;
  environment: string;
  dagId: string;
  entityRef: string;
  outcome: AirflowAuditOutcome;
  /** Status Airflow answered with, if the call was made. */
  upstreamStatus?: number;
  /** Airflow run id of a triggered run. */
  runId?: string;
  /** conf as sent, size-limited and with secret-looking values redacted. */
  conf?: Record<string, unknown>;
  /** SHA-256 of the redacted conf as JSON; for denied and rejected attempts, kept instead of the conf. */
  confSha256?: string;
  /** Size of the conf as sent, in bytes of JSON. */
  confBytes?: number;
  /** Identical denied attempts of one user within a minute share one record: how many. */
  attempts?: number;
  error?: string;
  requestId?: string;
  /** Task ids a run action targeted or, once done, affected (clear, mark, note of a task instance). */
  taskIds?: string[];
  /**
   * Set when another Backstage plugin acted on the user's behalf: the plugin,
   * as its token proves it, and the reference it gave, e.g.
   * `plugin:scaffolder task:<task id>`.
   */
  origin?: string;
}

/** @public */
export interface AirflowAuditPage {
  items: AirflowAuditRecord[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

/**
 * One DAG as the inventory lists it (`GET /inventory`): Airflow's metadata
 * and the catalog refs its owners map to (`airflow.environments[].dagOwners`),
 * so catalog and search modules need neither credentials nor the mapping.
 *
 * @public
 */
export interface AirflowInventoryDag extends AirflowDag {
  /** Catalog refs of the DAG's owners, e.g. `group:default/team-data`. */
  ownerRefs: string[];
}

/**
 * One configured environment as the inventory lists it: what may be shown of
 * it (no connection details, no credentials), the version Airflow reports,
 * and with `includeDags` its DAGs, or `error` when they could not be read.
 *
 * @public
 */
export interface AirflowInventoryEnvironment extends AirflowEnvironmentSummary {
  apiVersion?: AirflowApiVersion;
  /** Airflow version string, e.g. `3.0.6`; absent while the environment is unreachable. */
  version?: string;
  dags?: AirflowInventoryDag[];
  error?: AirflowErrorInfo;
}

/**
 * The answer of `GET /inventory`: every configured environment, in
 * configuration order.
 *
 * @public
 */
export interface AirflowInventoryResponse {
  environments: AirflowInventoryEnvironment[];
}

/**
 * A signed-in link to an environment's Airflow UI: open it at once, its
 * token is valid for a minute (MWAA `CreateWebLoginToken`). Never stored.
 *
 * @public
 */
export interface AirflowWebLogin {
  /** The sign-in URL, token included (in its fragment). */
  url: string;
}

/**
 * One version of a DAG (Airflow 3 `DagVersionResponse`).
 *
 * @public
 */
export interface AirflowDagVersion {
  id?: string;
  versionNumber: number;
  dagId?: string;
  bundleName?: string;
  bundleVersion?: string;
  /** When Airflow recorded this version: when the DAG last changed, for the newest one. */
  createdAt?: string;
  bundleUrl?: string;
}

/**
 * The versions of a DAG, newest first, or why the environment has none.
 *
 * @public
 */
export interface AirflowDagVersionsResponse {
  /** False on Airflow 2, which does not version DAGs. */
  supported: boolean;
  /** Why `supported` is false. */
  reason?: string;
  items: AirflowDagVersion[];
  totalEntries: number;
}

/**
 * One entry of Airflow's own event log (who paused, triggered or cleared a
 * DAG in Airflow itself). `extra` has its secrets redacted.
 *
 * @public
 */
export interface AirflowEventLogEntry {
  id: number;
  when: string;
  event: string;
  /** The Airflow user who acted. */
  owner?: string;
  dagId?: string;
  taskId?: string;
  runId?: string;
  mapIndex?: number;
  tryNumber?: number;
  logicalDate?: string;
  extra?: string;
}

/**
 * The newest runs of a DAG and all their task instances: Airflow's grid.
 *
 * @public
 */
export interface AirflowDagGrid {
  /** Newest first. */
  runs: AirflowDagRun[];
  taskInstances: AirflowTaskInstance[];
  /** True when the runs have more task instances than were read. */
  taskInstancesPartial?: boolean;
}

/**
 * A DAG id an entity binds that Airflow does not list, with the import
 * errors that may explain it.
 *
 * @public
 */
export interface AirflowMissingDag {
  dagId: string;
  environment: string;
  boundEntityRefs: string[];
  /** Import errors whose file is the DAG's known file or whose file name contains the DAG id. */
  importErrors: AirflowImportError[];
  /** True when such import errors exist but the caller may not read them. */
  importErrorsHidden?: boolean;
}
