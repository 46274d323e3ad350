import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { Knex } from 'knex';
import {
  bindingComponent,
  FakeNotifierAirflow,
  notifierEnvironment,
} from '../__testUtils__/fakeNotifierAirflow';
import { AirflowNotifier } from './AirflowNotifier';
import { BoundEntities } from './BoundEntities';
import {
  KnexNotificationLedger,
  STALE_CLAIM_MS,
} from './KnexNotificationLedger';
import type { NotificationSubject } from './NotificationLedger';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  // PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
  disableDocker: true,
});

const failedRun: NotificationSubject = {
  kind: 'run',
  environment: 'prod',
  dagId: 'orders_daily_load',
  runId: 'manual__1',
  state: 'failed',
};

describe.each(databases.eachSupportedId())(
  'KnexNotificationLedger on %s',
  id => {
    let knex: Knex;
    /** The ledgers' clock. */
    let now: number;
    const ledger = () =>
      KnexNotificationLedger.create({
        database: { getClient: async () => knex },
        now: () => new Date(now),
      });

    beforeAll(async () => {
      knex = await databases.init(id);
    });
    beforeEach(async () => {
      now = Date.parse('2026-11-30T10:00:00.000Z');
      await ledger(); // migrations
      await knex('airflow_notifications_sent').delete();
      await knex('airflow_notification_cursors').delete();
    });

    it('lets one claim win, and never again once sent', async () => {
      const [a, b] = [await ledger(), await ledger()];
      const claims = await Promise.all([
        a.claim(failedRun),
        b.claim(failedRun),
      ]);
      const winners = claims.filter(Boolean);
      expect(winners).toHaveLength(1);

      await a.markSent(winners[0]!);
      now += STALE_CLAIM_MS + 1;
      expect(await b.claim(failedRun)).toBeUndefined();
      // Another state of the same run is another notification.
      expect(await b.claim({ ...failedRun, state: 'success' })).toBeDefined();
    });

    it('gives a released claim, or one left unsent by a poll that died, to the next poll', async () => {
      const store = await ledger();
      const first = await store.claim(failedRun);
      await store.release(first!);
      const second = await store.claim(failedRun);
      expect(second).toBeDefined();

      expect(await store.claim(failedRun)).toBeUndefined();
      now += STALE_CLAIM_MS + 1;
      const takenOver = await store.claim(failedRun);
      expect(takenOver).toBeDefined();
      // The dead poll's late mark changes nothing: the claim is no longer its.
      await store.markSent(second!);
      now += STALE_CLAIM_MS + 1;
      expect(await store.claim(failedRun)).toBeDefined();
    });

    it('keeps where each environment was read up to', async () => {
      const store = await ledger();
      expect(await store.readUntil('prod')).toBeUndefined();
      await store.setReadUntil('prod', new Date(now));
      await store.setReadUntil('prod', new Date(now + 1000));
      expect((await store.readUntil('prod'))?.toISOString()).toBe(
        new Date(now + 1000).toISOString(),
      );
    });

    it('sends a failed run once when two backend instances poll the same database at once', async () => {
      const airflow = new FakeNotifierAirflow('prod');
      airflow.addRun({
        dagId: 'orders_daily_load',
        runId: 'manual__1',
        endDate: new Date(now - 1000).toISOString(),
      });
      const sent: NotificationSendOptions[] = [];
      const instance = async () =>
        new AirflowNotifier({
          environments: () => [notifierEnvironment(airflow)],
          dagsOf: async () => [],
          boundEntities: () =>
            BoundEntities.read({
              catalog: catalogServiceMock({
                entities: [
                  bindingComponent('orders-service', 'prod', {
                    dagIds: 'orders_daily_load',
                  }),
                ],
              }),
              auth: mockServices.auth(),
            }),
          ledger: await ledger(),
          send: async options => {
            sent.push(options);
          },
          settings: {
            enabled: true,
            pollIntervalSeconds: 60,
            initialLookbackMinutes: 60,
          },
          logger: mockServices.logger.mock(),
          now: () => new Date(now),
        });
      const [a, b] = [await instance(), await instance()];

      const results = await Promise.all([a.poll(), b.poll(), a.poll()]);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1);
      expect(sent).toHaveLength(1);

      // A restart: a new instance on the same database sends nothing again.
      now += 60_000;
      expect(await (await instance()).poll()).toEqual({ sent: 0, failed: 0 });
    });
  },
);
