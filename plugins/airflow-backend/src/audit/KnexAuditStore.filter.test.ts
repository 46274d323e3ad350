import { TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { AUDIT_OWNERS_TABLE } from './auditFilter';
import { AUDIT_TABLE, KnexAuditStore } from './KnexAuditStore';
import type { AuditRecordFilter, NewAuditRecord } from './types';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  // PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
  disableDocker: true,
});

const attempt = (
  dagId: string,
  environment: string,
  ownerRefs: string[],
): NewAuditRecord => ({
  actor: 'user:default/alice',
  action: 'dag.trigger',
  environment,
  dagId,
  entityRef: `component:default/${dagId}`,
  ownerRefs,
});

const ownedBy = (...claims: string[]): AuditRecordFilter => ({
  key: 'ownerRef',
  values: claims,
});
const inEnvironment = (...names: string[]): AuditRecordFilter => ({
  key: 'environment',
  values: names,
});

describe.each(databases.eachSupportedId())(
  'KnexAuditStore filtered by a conditional decision on %s',
  id => {
    let knex: Knex;
    let store: KnexAuditStore;
    let clock: number;
    beforeAll(async () => {
      knex = await databases.init(id);
      store = await KnexAuditStore.create({
        database: { getClient: async () => knex },
        // One millisecond per record: a stable newest-first order.
        now: () => new Date(Date.UTC(2026, 10, 29, 10, 0, 0, clock++)),
      });
    });
    beforeEach(async () => {
      clock = 0;
      await knex(AUDIT_OWNERS_TABLE).delete();
      await knex(AUDIT_TABLE).delete();
      await store.open(
        attempt('orders', 'legacy-etl', ['group:default/team-data']),
      );
      // Owned by two teams (the entity's and the DAG's); the ref's case is not kept.
      await store.open(
        attempt('payments', 'legacy-etl', [
          'group:default/Team-Payments',
          'group:default/team-data',
          'group:default/team-data',
        ]),
      );
      await store.open(
        attempt('campaigns', 'data-prod', ['group:default/team-marketing']),
      );
      await store.open(attempt('orphan', 'data-prod', []));
    });

    const dagsOf = async (filter?: AuditRecordFilter, dagId?: string) =>
      (await store.query({ limit: 10, filter, dagId })).items.map(r => r.dagId);

    it('answers every record without a filter', async () => {
      expect(await dagsOf()).toEqual([
        'orphan',
        'campaigns',
        'payments',
        'orders',
      ]);
    });

    it('selects the records of what the claims own, ignoring case', async () => {
      expect(await dagsOf(ownedBy('group:default/team-data'))).toEqual([
        'payments',
        'orders',
      ]);
      expect(await dagsOf(ownedBy('group:default/team-payments'))).toEqual([
        'payments',
      ]);
      expect(await dagsOf(ownedBy('user:default/nobody'))).toEqual([]);
      expect(await dagsOf(ownedBy())).toEqual([]);
    });

    it('combines criteria as allOf, anyOf and not', async () => {
      expect(
        await dagsOf({
          allOf: [
            ownedBy('group:default/team-data'),
            inEnvironment('legacy-etl'),
          ],
        }),
      ).toEqual(['payments', 'orders']);
      expect(
        await dagsOf({
          anyOf: [
            ownedBy('group:default/team-marketing'),
            inEnvironment('legacy-etl'),
          ],
        }),
      ).toEqual(['campaigns', 'payments', 'orders']);
      expect(await dagsOf({ not: inEnvironment('legacy-etl') })).toEqual([
        'orphan',
        'campaigns',
      ]);
      expect(
        await dagsOf({
          allOf: [
            ownedBy('group:default/team-data'),
            { not: ownedBy('group:default/team-payments') },
          ],
        }),
      ).toEqual(['orders']);
    });

    it('keeps the route’s own filters on top of the decision', async () => {
      expect(
        await dagsOf(ownedBy('group:default/team-data'), 'orders'),
      ).toEqual(['orders']);
    });

    it('deletes the owners of the records retention deletes', async () => {
      expect(
        await store.deleteOlderThan(new Date(Date.UTC(2026, 10, 29, 11))),
      ).toBe(4);
      const [{ n }] = await knex(AUDIT_OWNERS_TABLE).count({ n: '*' });
      expect(Number(n)).toBe(0);
    });
  },
);
