import type {
  AirflowApiVersion,
  AirflowLogChunk,
  AirflowTransportKind,
  MwaaEnvironmentInfo,
} from '@airflow-portal/plugin-airflow-common';
import type { UpstreamReachability, UpstreamLane } from './resilience/types';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean;

export interface UpstreamRequest {
  method: HttpMethod;
  /**
   * Path below the versioned API root, e.g. `/dags/my_dag/dagRuns`: without
   * `/api/v1` or `/api/v2`. Path segments must already be URI-encoded.
   */
  path: string;
  /** Arrays are sent as repeated keys (`?tags=a&tags=b`); undefined values are dropped. */
  query?: Record<string, QueryValue | QueryValue[] | undefined>;
  /** JSON body. */
  body?: unknown;
  /** True for reads that may be retried with backoff; writes are never retried blindly. */
  idempotent: boolean;
  /** Health and version checks use their own lane, so they answer while reads hang. */
  lane?: UpstreamLane;
  /** Defaults to the incoming request's signal (see resilience/callerSignal.ts). */
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  /** Airflow's HTTP status (for MWAA: `RestApiStatusCode`). Always 2xx: other statuses throw `UpstreamError`. */
  status: number;
  /** Parsed JSON body; undefined for an empty body (204). */
  body: unknown;
}

/** One try of one task instance, and where to continue reading its log. */
export interface TaskLogKey {
  dagId: string;
  runId: string;
  taskId: string;
  tryNumber: number;
  /** -1 for a task that is not mapped. */
  mapIndex: number;
  /** A continuation token this transport issued. */
  token?: string;
}

/**
 * How bytes reach one Airflow environment. Implementations own credentials,
 * timeouts, per-environment concurrency, retries of idempotent reads, and map
 * every failure to an `UpstreamError` (see ./errors.ts).
 */
export interface AirflowTransport {
  readonly kind: AirflowTransportKind;
  /** Calls the environment's REST API of the given version. */
  request(
    apiVersion: AirflowApiVersion,
    req: UpstreamRequest,
  ): Promise<UpstreamResponse>;
  /**
   * Finds which API version the server speaks. Direct: probes `/api/v2/version`
   * (an Airflow 2 server answers 404), then `/api/v1/version`. MWAA: from
   * GetEnvironment's `AirflowVersion`.
   */
  detectApiVersion(): Promise<AirflowApiVersion>;
  /** MWAA's view of the environment (GetEnvironment); undefined for direct transports. */
  describeMwaaEnvironment?(): Promise<MwaaEnvironmentInfo>;
  /**
   * Reads a task log from where the platform stores it, for when the REST
   * path does not fit the connection (MWAA: from CloudWatch Logs when the
   * InvokeRestApi Path would exceed 64 characters). Absent on transports
   * without such a store.
   */
  readStoredTaskLog?(key: TaskLogKey): Promise<AirflowLogChunk>;
  /** Reachability as seen from the transport's own calls (circuit breaker, last success). */
  reachability?(): UpstreamReachability;
}
