import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { AUDIT_TABLE, KnexAuditStore } from './KnexAuditStore';
import type { NewAuditRecord } from './types';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  // PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
  disableDocker: true,
});

const attempt = (dagId: string, origin?: string): NewAuditRecord => ({
  actor: 'user:default/alice',
  action: 'dag.trigger',
  environment: 'legacy-etl',
  dagId,
  entityRef: 'component:default/orders-service',
  origin,
});

describe.each(databases.eachSupportedId())(
  'KnexAuditStore origin of an attempt on %s',
  id => {
    let knex: Knex;
    let store: KnexAuditStore;
    let clock: number;
    beforeAll(async () => {
      knex = await databases.init(id);
      store = await KnexAuditStore.create({
        database: { getClient: async () => knex },
        // One millisecond per record: a stable newest-first order.
        now: () => new Date(Date.UTC(2026, 10, 30, 1, 0, 0, clock++)),
      });
    });
    beforeEach(async () => {
      clock = 0;
      await knex(AUDIT_TABLE).delete();
      await store.open(attempt('from_the_ui'));
      await store.open(attempt('task_a', 'plugin:scaffolder task:a'));
      await store.record(attempt('task_b', 'plugin:scaffolder task:b'), {
        outcome: 'denied',
        error: 'not allowed',
      });
      await store.open(attempt('percent', 'plugin:mcp-actions task:100%'));
    });

    const dagsFrom = async (origin?: string) =>
      (await store.query({ limit: 10, origin })).items.map(r => r.dagId);

    it('keeps the origin of pending and finished records, and none for the UI', async () => {
      const { items } = await store.query({ limit: 10 });
      expect(
        Object.fromEntries(items.map(r => [r.dagId, r.origin ?? null])),
      ).toEqual({
        from_the_ui: null,
        task_a: 'plugin:scaffolder task:a',
        task_b: 'plugin:scaffolder task:b',
        percent: 'plugin:mcp-actions task:100%',
      });
    });

    it('filters by the start of the origin: a plugin, or one of its tasks', async () => {
      expect(await dagsFrom('plugin:scaffolder')).toEqual(['task_b', 'task_a']);
      expect(await dagsFrom('plugin:scaffolder task:a')).toEqual(['task_a']);
      expect(await dagsFrom()).toHaveLength(4);
    });

    it('takes LIKE wildcards in the filter literally', async () => {
      expect(await dagsFrom('plugin:%')).toEqual([]);
      expect(await dagsFrom('plugin:mcp_actions')).toEqual([]);
      expect(await dagsFrom('plugin:mcp-actions task:100%')).toEqual([
        'percent',
      ]);
    });
  },
);
