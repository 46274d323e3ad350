import type {
  AirflowAuditAction,
  AirflowAuditOutcome,
  AirflowAuditPage,
  AirflowAuditRecord,
} from '@airflow-portal/plugin-airflow-common';
import type { PermissionCriteria } from '@backstage/plugin-permission-common';

/** An attempt as recorded before anything else happens. */
export interface NewAuditRecord {
  actor: string;
  action: AirflowAuditAction;
  environment: string;
  dagId: string;
  entityRef: string;
  /** Already redacted and size-limited (see `sanitizeConf`). */
  conf?: Record<string, unknown>;
  /** Digest and size of the conf (see `digestConf`): all that denied and rejected attempts keep of it. */
  confDigest?: ConfDigest;
  requestId?: string;
  /** Task ids a run action targets (clear, mark, note of task instances). */
  taskIds?: string[];
  /**
   * Owners of the entity when the attempt is recorded: whom
   * `IS_AUDIT_RECORD_OF_OWNED_ENTITY` lets read the record.
   */
  ownerRefs?: string[];
  /**
   * The plugin that acted on the user's behalf, as its token proves it, and
   * the reference it gave (see `operations/originOf.ts`); absent for the UI.
   */
  origin?: string;
  /** Set by the store when absent. */
  createdAt?: Date;
}

/** What identifies a conf without keeping it. */
export interface ConfDigest {
  /** SHA-256 (hex) of the redacted conf as JSON. */
  sha256: string;
  /** Bytes of the conf as sent, as JSON. */
  bytes: number;
}

/** How an attempt ended. */
export interface AuditCompletion {
  outcome: Exclude<AirflowAuditOutcome, 'pending'>;
  upstreamStatus?: number;
  runId?: string;
  error?: string;
  /** Task ids a run action affected, as Airflow answered; replaces the targeted ones. */
  taskIds?: string[];
}

/** What identifies one request of one actor, for answering its retries (run actions). */
export interface AuditRequestKey {
  actor: string;
  action: AirflowAuditAction;
  environment: string;
  dagId: string;
  requestId: string;
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
  /** Records whose `origin` starts with this (`plugin:scaffolder`, or one task's). */
  origin?: string;
  cursor?: string;
  limit: number;
  /** Only the records these criteria select (a conditional permission decision); all when absent. */
  filter?: AuditRecordFilter;
}

/** One criterion of an audit rule (the `toQuery` of the `airflow-audit-record` rules). */
export interface AuditRecordCriterion {
  key: 'ownerRef' | 'environment';
  values: string[];
}

/** Criteria combined as a conditional permission decision combines them. */
export type AuditRecordFilter = PermissionCriteria<AuditRecordCriterion>;

/**
 * Durable audit trail. `open` must succeed before an action calls Airflow;
 * attempts that end before that (denied, rejected) are written whole with
 * `record`.
 */
export interface AuditStore {
  /** Writes a `pending` record; returns its id. */
  open(record: NewAuditRecord): Promise<string>;
  complete(id: string, completion: AuditCompletion): Promise<void>;
  /**
   * Writes a finished record in one go (denied or rejected attempts). A
   * denial identical to one of the same minute (same actor, action, target,
   * conf digest and error) only counts one more attempt on that record.
   */
  record(record: NewAuditRecord, completion: AuditCompletion): Promise<string>;
  /** Triggers whose outcome is `unknown` (with a run id), created before `before`, oldest first. */
  listUnknownTriggers(
    before: Date,
    limit: number,
  ): Promise<AirflowAuditRecord[]>;
  /**
   * The earliest record of this request that Airflow performed (`succeeded`
   * or `deduplicated`), if any: a retried run action answers from it.
   */
  findPerformedRequest(
    key: AuditRequestKey,
  ): Promise<AirflowAuditRecord | undefined>;
  /** Completes an `unknown` record once Airflow tells what happened; false if it was no longer unknown. */
  resolveUnknown(id: string, completion: AuditCompletion): Promise<boolean>;
  query(query: AuditQuery): Promise<AirflowAuditPage>;
  /** Deletes records created before `cutoff`; returns how many. */
  deleteOlderThan(cutoff: Date): Promise<number>;
}
