import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { createHash, randomUUID } from 'node:crypto';
import type {
  NotificationClaim,
  NotificationLedger,
  NotificationSubject,
} from './NotificationLedger';

const SENT_TABLE = 'airflow_notifications_sent';
const CURSORS_TABLE = 'airflow_notification_cursors';

const migrationsDir = resolvePackagePath(
  '@airflow-portal/plugin-airflow-backend',
  'migrations',
);

/** A claim not marked sent after this long belongs to a poll that died: it may be taken over. */
export const STALE_CLAIM_MS = 10 * 60_000;

/** Column sizes of the migration; longer values are cut, never refused (the key is exact). */
const cut = (value: string, max: number) => value.slice(0, max);

/** The subject's key: every part, unambiguously joined, hashed to fit one column. */
export function subjectKey(subject: NotificationSubject): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        subject.kind,
        subject.environment,
        subject.dagId,
        subject.runId,
        subject.state,
      ]),
    )
    .digest('hex');
}

function toDate(value: Date | string | number): Date {
  return value instanceof Date ? value : new Date(value);
}

/** The ledger in the plugin's own database (SQLite or PostgreSQL). */
export class KnexNotificationLedger implements NotificationLedger {
  static async create(options: {
    database: DatabaseService;
    now?: () => Date;
  }): Promise<KnexNotificationLedger> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new KnexNotificationLedger(knex, options.now);
  }

  constructor(
    private readonly knex: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async claim(
    subject: NotificationSubject,
  ): Promise<NotificationClaim | undefined> {
    const key = subjectKey(subject);
    const token = randomUUID();
    const now = this.now();
    // Whoever inserts first owns it; the others find its token instead of theirs.
    await this.knex(SENT_TABLE)
      .insert({
        key,
        kind: subject.kind,
        environment: cut(subject.environment, 255),
        dag_id: cut(subject.dagId, 255),
        run_id: cut(subject.runId, 255),
        state: cut(subject.state, 32),
        claim_token: token,
        claimed_at: now,
        sent_at: null,
      })
      .onConflict('key')
      .ignore();
    await this.knex(SENT_TABLE)
      .where({ key })
      .whereNull('sent_at')
      .where('claimed_at', '<', new Date(now.getTime() - STALE_CLAIM_MS))
      .update({ claim_token: token, claimed_at: now });
    const row = await this.knex(SENT_TABLE)
      .select('claim_token')
      .where({ key })
      .first();
    return row?.claim_token === token ? { key, token } : undefined;
  }

  async markSent(claim: NotificationClaim): Promise<void> {
    await this.knex(SENT_TABLE)
      .where({ key: claim.key, claim_token: claim.token })
      .update({ sent_at: this.now() });
  }

  async release(claim: NotificationClaim): Promise<void> {
    await this.knex(SENT_TABLE)
      .where({ key: claim.key, claim_token: claim.token })
      .whereNull('sent_at')
      .delete();
  }

  async readUntil(environment: string): Promise<Date | undefined> {
    const row = await this.knex(CURSORS_TABLE)
      .select('read_until')
      .where({ environment: cut(environment, 255) })
      .first();
    return row ? toDate(row.read_until) : undefined;
  }

  async setReadUntil(environment: string, until: Date): Promise<void> {
    await this.knex(CURSORS_TABLE)
      .insert({ environment: cut(environment, 255), read_until: until })
      .onConflict('environment')
      .merge(['read_until']);
  }

  async deleteSentBefore(cutoff: Date): Promise<number> {
    return this.knex(SENT_TABLE)
      .whereNotNull('sent_at')
      .where('sent_at', '<', cutoff)
      .delete();
  }
}
