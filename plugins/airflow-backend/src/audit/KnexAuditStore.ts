import type {
  AirflowAuditAction,
  AirflowAuditOutcome,
  AirflowAuditPage,
  AirflowAuditRecord,
} from '@airflow-portal/plugin-airflow-common';
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import {
  applyAuditFilter,
  AUDIT_OWNERS_TABLE,
  AUDIT_TABLE,
  normaliseOwnerRef,
} from './auditFilter';
import { decodeCursor, encodeCursor } from './cursor';
import { RecordIds } from './recordId';
import type {
  AuditCompletion,
  AuditRequestKey,
  AuditQuery,
  AuditStore,
  NewAuditRecord,
} from './types';

export { AUDIT_TABLE };

const migrationsDir = resolvePackagePath(
  '@airflow-portal/plugin-airflow-backend',
  'migrations',
);

interface Row {
  id: string;
  created_at: Date | string | number;
  completed_at: Date | string | number | null;
  actor: string;
  action: string;
  environment: string;
  dag_id: string;
  entity_ref: string;
  outcome: string;
  upstream_status: number | null;
  run_id: string | null;
  conf: string | null;
  error: string | null;
  request_id: string | null;
  conf_sha256: string | null;
  conf_bytes: number | null;
  attempts: number | null;
  task_ids?: string | null;
  origin?: string | null;
}

/** Identical denied attempts within this window share one record. */
const COALESCE_WINDOW_MS = 60_000;

/** Column sizes of the migration; longer values are cut, never refused. */
const cut = (value: string | undefined, max: number) =>
  value === undefined ? null : value.slice(0, max);

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

function toRecord(row: Row): AirflowAuditRecord {
  const record: AirflowAuditRecord = {
    id: row.id,
    createdAt: toDate(row.created_at).toISOString(),
    actor: row.actor,
    action: row.action as AirflowAuditAction,
    environment: row.environment,
    dagId: row.dag_id,
    entityRef: row.entity_ref,
    outcome: row.outcome as AirflowAuditOutcome,
  };
  if (row.completed_at !== null && row.completed_at !== undefined) {
    record.completedAt = toDate(row.completed_at).toISOString();
  }
  if (row.upstream_status !== null && row.upstream_status !== undefined) {
    record.upstreamStatus = Number(row.upstream_status);
  }
  if (row.run_id) record.runId = row.run_id;
  if (row.conf) record.conf = JSON.parse(row.conf);
  if (row.error) record.error = row.error;
  if (row.request_id) record.requestId = row.request_id;
  if (row.conf_sha256) record.confSha256 = row.conf_sha256;
  if (row.conf_bytes !== null && row.conf_bytes !== undefined) {
    record.confBytes = Number(row.conf_bytes);
  }
  if (row.attempts !== null && row.attempts !== undefined) {
    record.attempts = Number(row.attempts);
  }
  if (row.task_ids) record.taskIds = JSON.parse(row.task_ids);
  if (row.origin) record.origin = row.origin;
  return record;
}

/** Task ids as the `task_ids` column keeps them: a JSON array, at most 4000 characters of it. */
function taskIdsColumn(taskIds: string[] | undefined): string | null {
  if (taskIds === undefined) return null;
  const kept: string[] = [];
  for (const id of taskIds) {
    if (JSON.stringify([...kept, id]).length > 4000) break;
    kept.push(id);
  }
  return JSON.stringify(kept);
}

/** The audit trail in the plugin's own database (SQLite or PostgreSQL). */
export class KnexAuditStore implements AuditStore {
  static async create(options: {
    database: DatabaseService;
    /** The clock of `created_at`, `completed_at` and coalescing; tests pass their own. */
    now?: () => Date;
  }): Promise<KnexAuditStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new KnexAuditStore(knex, options.now);
  }

  private readonly ids = new RecordIds();

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async open(record: NewAuditRecord): Promise<string> {
    return this.insert(record, { outcome: 'pending' });
  }

  async complete(id: string, completion: AuditCompletion): Promise<void> {
    const updated = await this.knex(AUDIT_TABLE)
      .where({ id })
      .update(this.completionColumns(completion));
    if (updated !== 1) {
      throw new Error(`Audit record ${id} not found`);
    }
  }

  async record(
    record: NewAuditRecord,
    completion: AuditCompletion,
  ): Promise<string> {
    const now = this.now();
    if (completion.outcome === 'denied') {
      const same = await this.sameDenial(record, completion, now);
      if (same) {
        await this.knex(AUDIT_TABLE)
          .where({ id: same })
          .update({
            attempts: this.knex.raw('attempts + 1'),
            completed_at: now,
          });
        return same;
      }
    }
    return this.insert(record, completion, now);
  }

  /** The record of this minute with the same denial, if any. */
  private async sameDenial(
    record: NewAuditRecord,
    completion: AuditCompletion,
    now: Date,
  ): Promise<string | undefined> {
    const windowStart = new Date(
      Math.floor(now.getTime() / COALESCE_WINDOW_MS) * COALESCE_WINDOW_MS,
    );
    const q = this.knex(AUDIT_TABLE)
      .select('id')
      .where({
        outcome: 'denied',
        actor: cut(record.actor, 512),
        action: record.action,
        environment: cut(record.environment, 255),
        dag_id: cut(record.dagId, 255),
        entity_ref: cut(record.entityRef, 512),
      })
      .andWhere('created_at', '>=', windowStart);
    const alsoEqual: Array<[string, string | null]> = [
      ['conf_sha256', record.confDigest?.sha256 ?? null],
      ['error', cut(completion.error, 4000)],
      ['request_id', cut(record.requestId, 255)],
    ];
    for (const [column, value] of alsoEqual) {
      if (value === null) q.whereNull(column);
      else q.where(column, value);
    }
    const row = await q.orderBy('created_at', 'desc').first();
    return row?.id;
  }

  async listUnknownTriggers(before: Date, limit: number) {
    const rows: Row[] = await this.knex<Row>(AUDIT_TABLE)
      .select('*')
      .where({ outcome: 'unknown', action: 'dag.trigger' })
      .whereNotNull('run_id')
      .andWhere('created_at', '<', before)
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(toRecord);
  }

  async findPerformedRequest(
    key: AuditRequestKey,
  ): Promise<AirflowAuditRecord | undefined> {
    const row: Row | undefined = await this.knex(AUDIT_TABLE)
      .select('*')
      .where({
        actor: cut(key.actor, 512),
        request_id: cut(key.requestId, 255),
        action: key.action,
        environment: cut(key.environment, 255),
        dag_id: cut(key.dagId, 255),
      })
      .whereIn('outcome', ['succeeded', 'deduplicated'])
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .first();
    return row ? toRecord(row) : undefined;
  }

  async resolveUnknown(
    id: string,
    completion: AuditCompletion,
  ): Promise<boolean> {
    const updated = await this.knex(AUDIT_TABLE)
      .where({ id, outcome: 'unknown' })
      .update(this.completionColumns(completion));
    return updated === 1;
  }

  private completionColumns(completion: AuditCompletion) {
    return {
      completed_at: this.now(),
      outcome: completion.outcome,
      upstream_status: completion.upstreamStatus ?? null,
      run_id: cut(completion.runId, 255),
      error: cut(completion.error, 4000),
      // What Airflow affected replaces what was targeted; absent keeps it.
      ...(completion.taskIds
        ? { task_ids: taskIdsColumn(completion.taskIds) }
        : {}),
    };
  }

  private async insert(
    record: NewAuditRecord,
    completion: AuditCompletion | { outcome: 'pending' },
    completedAt?: Date,
  ): Promise<string> {
    const createdAt = record.createdAt ?? this.now();
    const id = this.ids.next(createdAt.getTime());
    const done = completion as Partial<AuditCompletion>;
    const owners = Array.from(
      new Set(
        (record.ownerRefs ?? []).map(ref => cut(normaliseOwnerRef(ref), 512)!),
      ),
    );
    await this.knex.transaction(async tx => {
      await this.insertRow(
        tx,
        id,
        createdAt,
        record,
        completion,
        done,
        completedAt,
      );
      if (owners.length > 0) {
        await tx(AUDIT_OWNERS_TABLE).insert(
          owners.map(owner_ref => ({ record_id: id, owner_ref })),
        );
      }
    });
    return id;
  }

  private async insertRow(
    tx: Knex.Transaction,
    id: string,
    createdAt: Date,
    record: NewAuditRecord,
    completion: AuditCompletion | { outcome: 'pending' },
    done: Partial<AuditCompletion>,
    completedAt: Date | undefined,
  ): Promise<void> {
    await tx(AUDIT_TABLE).insert({
      id,
      created_at: createdAt,
      completed_at: completedAt ?? null,
      actor: cut(record.actor, 512),
      action: record.action,
      environment: cut(record.environment, 255),
      dag_id: cut(record.dagId, 255),
      entity_ref: cut(record.entityRef, 512),
      outcome: completion.outcome,
      upstream_status: done.upstreamStatus ?? null,
      run_id: cut(done.runId, 255),
      conf: record.conf === undefined ? null : JSON.stringify(record.conf),
      error: cut(done.error, 4000),
      request_id: cut(record.requestId, 255),
      conf_sha256: record.confDigest?.sha256 ?? null,
      conf_bytes: record.confDigest?.bytes ?? null,
      attempts: 1,
      task_ids: taskIdsColumn(done.taskIds ?? record.taskIds),
      origin: cut(record.origin, 512),
    });
  }

  async query(query: AuditQuery): Promise<AirflowAuditPage> {
    const q = this.knex<Row>(AUDIT_TABLE).select(`${AUDIT_TABLE}.*`);
    if (query.filter) {
      applyAuditFilter(this.knex, q, query.filter);
    }
    const equals: Array<[keyof Row, string | undefined]> = [
      ['actor', query.actor],
      ['environment', query.environment],
      ['dag_id', query.dagId],
      ['entity_ref', query.entityRef],
      ['action', query.action],
      ['outcome', query.outcome],
    ];
    for (const [column, value] of equals) {
      if (value !== undefined) {
        q.where(column, value);
      }
    }
    if (query.origin !== undefined) {
      // A prefix, with LIKE's own wildcards taken literally.
      const escaped = query.origin.replace(/[\\%_]/g, c => `\\${c}`);
      q.whereRaw("?? like ? escape '\\'", ['origin', `${escaped}%`]);
    }
    if (query.from) {
      q.where('created_at', '>=', query.from);
    }
    if (query.to) {
      q.where('created_at', '<', query.to);
    }
    if (query.cursor) {
      const { createdAt, id } = decodeCursor(query.cursor);
      q.where(inner =>
        inner
          .where('created_at', '<', createdAt)
          .orWhere(same =>
            same.where('created_at', '=', createdAt).andWhere('id', '<', id),
          ),
      );
    }
    const rows: Row[] = await q
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(query.limit + 1);
    const items = rows.slice(0, query.limit).map(toRecord);
    const page: AirflowAuditPage = { items };
    if (rows.length > query.limit) {
      const last = rows[query.limit - 1];
      page.nextCursor = encodeCursor({
        createdAt: toDate(last.created_at),
        id: last.id,
      });
    }
    return page;
  }

  async deleteOlderThan(cutoff: Date): Promise<number> {
    // Owners first: SQLite enforces the cascade only with foreign keys on.
    return this.knex.transaction(async tx => {
      await tx(AUDIT_OWNERS_TABLE)
        .whereIn(
          'record_id',
          tx(AUDIT_TABLE).select('id').where('created_at', '<', cutoff),
        )
        .delete();
      return Number(
        await tx(AUDIT_TABLE).where('created_at', '<', cutoff).delete(),
      );
    });
  }
}
