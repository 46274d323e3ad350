import type { Entity } from '@backstage/catalog-model';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  bindingComponent,
  FakeNotifierAirflow,
  notifierEnvironment,
} from '../__testUtils__/fakeNotifierAirflow';
import type { EnvironmentNotifications } from '../config/types';
import { AirflowNotifier, OVERLAP_MS } from './AirflowNotifier';
import { BoundEntities } from './BoundEntities';
import { KnexNotificationLedger } from './KnexNotificationLedger';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const T0 = Date.parse('2026-11-30T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function optedOut(entity: Entity): Entity {
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        'airflow.apache.org/notifications': 'off',
      },
    },
  };
}

describe('AirflowNotifier', () => {
  /** The notifier's clock: each test moves it by hand. */
  let now: number;
  let prod: FakeNotifierAirflow;
  let sent: NotificationSendOptions[];
  let send: jest.Mock<Promise<void>, [NotificationSendOptions]>;
  let entities: Entity[];
  let logger: ReturnType<typeof mockServices.logger.mock>;

  async function notifier(
    notifications: Partial<EnvironmentNotifications> = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    const ledger = await KnexNotificationLedger.create({
      database: { getClient: async () => knex },
      now: () => new Date(now),
    });
    return new AirflowNotifier({
      environments: () => [notifierEnvironment(prod, notifications)],
      dagsOf: async () => [],
      boundEntities: () =>
        BoundEntities.read({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
        }),
      ledger,
      send,
      settings: {
        enabled: true,
        pollIntervalSeconds: 60,
        initialLookbackMinutes: 60,
      },
      logger,
      now: () => new Date(now),
    });
  }

  beforeEach(() => {
    now = T0;
    prod = new FakeNotifierAirflow('prod');
    sent = [];
    send = jest.fn(async (options: NotificationSendOptions) => {
      sent.push(options);
    });
    entities = [
      bindingComponent('orders-service', 'prod', {
        dagIds: 'orders_daily_load',
      }),
    ];
    logger = mockServices.logger.mock();
  });

  it('notifies the owners of the bound entity once of a failed run, with a link to the run', async () => {
    const subject = await notifier();
    prod.addRun({
      dagId: 'orders_daily_load',
      runId: 'manual__2026-11-30T09:58:00',
      endDate: iso(T0 - 60_000),
    });

    expect(await subject.poll()).toEqual({ sent: 1, failed: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['component:default/orders-service'],
    });
    expect(sent[0].payload).toMatchObject({
      title: 'Airflow run failed: orders_daily_load',
      severity: 'high',
      link: `/catalog/default/component/orders-service/airflow?${new URLSearchParams(
        {
          environment: 'prod',
          dag: 'orders_daily_load',
          run: 'manual__2026-11-30T09:58:00',
        },
      )}`,
    });
    expect(sent[0].payload.scope).toMatch(/^airflow:run:[0-9a-f]{64}$/);

    now += 60_000;
    expect(await subject.poll()).toEqual({ sent: 0, failed: 0 });
    expect(sent).toHaveLength(1);
  });

  it('reads runs from where the last poll stopped, a little earlier for late reports', async () => {
    const subject = await notifier();
    await subject.poll();
    now += 60_000;
    await subject.poll();

    expect(prod.requests.map(r => r.endDateGte)).toEqual([
      iso(T0 - 60 * 60_000),
      iso(T0 - OVERLAP_MS),
    ]);
    expect(prod.requests[0].states).toEqual(['failed']);
  });

  it('sends nothing for an entity that opted out, nor for a run bound to no entity', async () => {
    entities = [
      optedOut(
        bindingComponent('orders-service', 'prod', {
          dagIds: 'orders_daily_load',
        }),
      ),
    ];
    const subject = await notifier();
    prod.addRun({ dagId: 'orders_daily_load', runId: 'r1', endDate: iso(T0) });
    prod.addRun({ dagId: 'unbound_dag', runId: 'r2', endDate: iso(T0) });

    expect(await subject.poll()).toEqual({ sent: 0, failed: 0 });
    expect(send).not.toHaveBeenCalled();
  });

  it('sends nothing for an environment whose notifications are off, and reads nothing of it', async () => {
    const subject = await notifier({ enabled: false });
    prod.addRun({ dagId: 'orders_daily_load', runId: 'r1', endDate: iso(T0) });

    expect(await subject.poll()).toEqual({ sent: 0, failed: 0 });
    expect(send).not.toHaveBeenCalled();
    expect(prod.requests).toEqual([]);
  });

  it('notifies a waiting approval once', async () => {
    const subject = await notifier();
    prod.addApproval({
      dagId: 'orders_daily_load',
      runId: 'r1',
      taskId: 'approve_load',
      subject: 'Load the orders of 2026-11-29?',
    });

    expect(await subject.poll()).toEqual({ sent: 1, failed: 0 });
    now += 60_000;
    expect(await subject.poll()).toEqual({ sent: 0, failed: 0 });

    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({
      title: 'Airflow approval waiting: Load the orders of 2026-11-29?',
      topic: 'Airflow approvals',
    });
    expect(sent[0].payload.scope).toMatch(/^airflow:approval:/);
  });

  it('does not notify approvals where they are off, nor ask an Airflow that has none', async () => {
    prod.addApproval({ dagId: 'orders_daily_load', runId: 'r1', taskId: 't' });
    const off = await notifier({ approvals: false });
    expect(await off.poll()).toEqual({ sent: 0, failed: 0 });

    prod.approvalsSupported = false;
    const airflow2 = await notifier();
    expect(await airflow2.poll()).toEqual({ sent: 0, failed: 0 });
    expect(send).not.toHaveBeenCalled();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('logs a poll that fails upstream and sends its runs at the next poll', async () => {
    const subject = await notifier({ approvals: false });
    prod.addRun({
      dagId: 'orders_daily_load',
      runId: 'r1',
      endDate: iso(T0 - 30_000),
    });
    prod.failNext = 1;

    expect(await subject.poll()).toEqual({ sent: 0, failed: 1 });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('its runs could not be read'),
    );

    // Two hours later: the failed poll left the read point where it was.
    now += 2 * 60 * 60_000;
    expect(await subject.poll()).toEqual({ sent: 1, failed: 0 });
    expect(prod.requests[1].endDateGte).toBe(
      iso(T0 - 60 * 60_000 - OVERLAP_MS),
    );
    expect(sent.map(s => s.payload.description)).toEqual([
      expect.stringContaining('Run r1 of orders_daily_load'),
    ]);
  });

  it('gives a notification the notifications backend refused back to the next poll', async () => {
    const subject = await notifier();
    prod.addRun({ dagId: 'orders_daily_load', runId: 'r1', endDate: iso(T0) });
    send.mockRejectedValueOnce(new Error('503 Service Unavailable'));

    expect(await subject.poll()).toEqual({ sent: 0, failed: 1 });
    now += 60_000;
    expect(await subject.poll()).toEqual({ sent: 1, failed: 0 });
    expect(send).toHaveBeenCalledTimes(2);
    expect(sent).toHaveLength(1);
  });

  it('binds by tag on the DAG tags Airflow reports, and sends one notification to every bound entity', async () => {
    entities = [
      bindingComponent('orders-service', 'prod', {
        dagIds: 'orders_daily_load',
      }),
      bindingComponent('orders-mart', 'prod', { dagTags: 'orders' }, 'team-b'),
    ];
    const knex = await databases.init('SQLITE_3');
    const subject = new AirflowNotifier({
      environments: () => [notifierEnvironment(prod)],
      dagsOf: async () => [
        {
          environment: 'prod',
          dagId: 'orders_daily_load',
          displayName: 'orders_daily_load',
          isPaused: false,
          isActive: true,
          owners: ['team-data'],
          tags: ['orders'],
          hasImportErrors: false,
        },
      ],
      boundEntities: () =>
        BoundEntities.read({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
        }),
      ledger: await KnexNotificationLedger.create({
        database: { getClient: async () => knex },
        now: () => new Date(now),
      }),
      send,
      settings: {
        enabled: true,
        pollIntervalSeconds: 60,
        initialLookbackMinutes: 60,
      },
      logger,
      now: () => new Date(now),
    });
    prod.addRun({ dagId: 'orders_daily_load', runId: 'r1', endDate: iso(T0) });

    await subject.poll();
    expect(sent.map(s => s.recipients)).toEqual([
      {
        type: 'entity',
        entityRef: [
          'component:default/orders-mart',
          'component:default/orders-service',
        ],
      },
    ]);
  });
});
