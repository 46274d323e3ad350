import type {
  AirflowAuditAction,
  AirflowAuditOutcome,
  AirflowAuditPage,
} from '@airflow-portal/plugin-airflow-common';

/** An attempt as recorded before anything else happens. */
export interface NewAuditRecord {
  actor: string;
  action: AirflowAuditAction;
  environment: string;
  dagId: string;
  entityRef: string;
  /** Already redacted and size-limited (see `sanitizeConf`). */
  conf?: Record<string, unknown>;
  requestId?: string;
  /** Set by the store when absent. */
  createdAt?: Date;
}

/** How an attempt ended. */
export interface AuditCompletion {
  outcome: Exclude<AirflowAuditOutcome, 'pending'>;
  upstreamStatus?: number;
  runId?: string;
  error?: string;
}

export interface AuditQuery {
  actor?: string;
  environment?: string;
  dagId?: string;
  entityRef?: string;
  action?: AirflowAuditAction;
  outcome?: AirflowAuditOutcome;
  /** Inclusive lower bound of `createdAt`. */
  from?: Date;
  /** Exclusive upper bound of `createdAt`. */
  to?: Date;
  cursor?: string;
  limit: number;
}

/**
 * Durable audit trail. `open` must succeed before an action calls Airflow;
 * attempts that end before that (denied, rejected) are written whole with
 * `record`.
 */
export interface AuditStore {
  /** Writes a `pending` record; returns its id. */
  open(record: NewAuditRecord): Promise<string>;
  complete(id: string, completion: AuditCompletion): Promise<void>;
  /** Writes a finished record in one go (denied or rejected attempts). */
  record(record: NewAuditRecord, completion: AuditCompletion): Promise<string>;
  query(query: AuditQuery): Promise<AirflowAuditPage>;
  /** Deletes records created before `cutoff`; returns how many. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
