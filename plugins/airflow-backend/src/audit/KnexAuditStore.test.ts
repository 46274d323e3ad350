import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { AUDIT_TABLE, KnexAuditStore } from './KnexAuditStore';
import type { NewAuditRecord } from './types';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  // PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
  disableDocker: true,
});

const denied = (overrides: Partial<NewAuditRecord> = {}): NewAuditRecord => ({
  actor: 'user:default/mallory',
  action: 'dag.trigger',
  environment: 'prod',
  dagId: 'checkout',
  entityRef: 'component:default/shop',
  confDigest: { sha256: 'a'.repeat(64), bytes: 8000 },
  requestId: 'r-1',
  ...overrides,
});

const refusal = {
  outcome: 'denied' as const,
  error: 'NotAllowedError: Permission airflow.dag.trigger required',
};

describe.each(databases.eachSupportedId())('KnexAuditStore on %s', id => {
  let knex: Knex;
  /** The store's clock, moved by each test. */
  let now: Date;
  let store: KnexAuditStore;
  beforeAll(async () => {
    knex = await databases.init(id);
    store = await KnexAuditStore.create({
      database: { getClient: async () => knex },
      now: () => now,
    });
  });
  beforeEach(async () => {
    now = new Date('2026-11-29T10:00:05.000Z');
    await knex(AUDIT_TABLE).delete();
  });

  it('counts identical denials of one user within a minute in one record', async () => {
    const first = await store.record(denied(), refusal);
    now = new Date('2026-11-29T10:00:59.999Z');
    expect(await store.record(denied(), refusal)).toBe(first);
    expect(await store.record(denied(), refusal)).toBe(first);
    // Another user, another conf, or the next minute: records of their own.
    await store.record(denied({ actor: 'user:default/eve' }), refusal);
    await store.record(
      denied({ confDigest: { sha256: 'b'.repeat(64), bytes: 10 } }),
      refusal,
    );
    now = new Date('2026-11-29T10:01:00.000Z');
    await store.record(denied(), refusal);

    const { items } = await store.query({ limit: 10 });
    expect(
      items.map(r => [r.actor, r.confSha256?.[0], r.attempts, r.createdAt]),
    ).toEqual([
      ['user:default/mallory', 'a', 1, '2026-11-29T10:01:00.000Z'],
      ['user:default/mallory', 'b', 1, '2026-11-29T10:00:59.999Z'],
      ['user:default/eve', 'a', 1, '2026-11-29T10:00:59.999Z'],
      ['user:default/mallory', 'a', 3, '2026-11-29T10:00:05.000Z'],
    ]);
    expect(items[3]).toMatchObject({
      confBytes: 8000,
      completedAt: '2026-11-29T10:00:59.999Z',
    });
  });

  it('never coalesces rejected attempts', async () => {
    const rejected = { outcome: 'rejected' as const, error: 'InputError: x' };
    await store.record(denied(), rejected);
    await store.record(denied(), rejected);
    expect((await store.query({ limit: 10 })).items).toHaveLength(2);
  });

  it('returns records of one millisecond in the order they were written', async () => {
    for (let i = 0; i < 20; i++) {
      await store.record(denied({ requestId: `same-ms-${i}` }), {
        outcome: 'rejected',
      });
    }
    const { items } = await store.query({ limit: 20 });
    expect(items.map(r => r.requestId)).toEqual(
      Array.from({ length: 20 }, (_, i) => `same-ms-${19 - i}`),
    );
  });

  it('lists timed-out triggers and resolves each once', async () => {
    const trigger = await store.open(denied({ actor: 'user:default/alice' }));
    await store.complete(trigger, {
      outcome: 'unknown',
      runId: 'portal__1',
      error: 'timed out',
    });
    const pause = await store.open(denied({ action: 'dag.pause' }));
    await store.complete(pause, { outcome: 'unknown' });

    expect(await store.listUnknownTriggers(now, 10)).toEqual([]);
    now = new Date('2026-11-29T10:02:00.000Z');
    const unknown = await store.listUnknownTriggers(now, 10);
    expect(unknown.map(r => [r.id, r.runId])).toEqual([[trigger, 'portal__1']]);
    const resolved = {
      outcome: 'succeeded' as const,
      upstreamStatus: 200,
      runId: 'portal__1',
    };
    expect(await store.resolveUnknown(trigger, resolved)).toBe(true);
    expect(await store.resolveUnknown(trigger, resolved)).toBe(false);
    expect(await store.listUnknownTriggers(now, 10)).toEqual([]);
  });
});
