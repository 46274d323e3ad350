import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { UpstreamError } from '../transport/errors';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';
import { InMemoryCache } from './__testUtils__/InMemoryCache';
import { fakeDags, testEnvironment } from '../__testUtils__/testEnvironments';
import { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { AirflowService, type AirflowServiceOptions } from './AirflowService';
import type { ConfVisibility } from './confVisibility';

const credentials = mockCredentials.user();

function component(
  name: string,
  annotations: Record<string, string>,
  owner = 'team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { owner, type: 'service', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function setup(
  transports: FakeAirflowTransport[],
  entities: Entity[],
  cache = new InMemoryCache(),
  extra: Pick<AirflowServiceOptions, 'mayReadEntities' | 'confVisibility'> = {},
) {
  const byName = new Map(transports.map(t => [t.environment, t]));
  const service = new AirflowService({
    environments: new EnvironmentRegistry(
      transports.map(t => testEnvironment(t.environment)),
      env => byName.get(env.name)!,
    ),
    cache,
    catalog: catalogServiceMock({ entities }),
    logger: mockServices.logger.mock(),
    ...extra,
  });
  return { service, cache };
}

/**
 * Whether `promise` settles within `ms` of fake time: a call that waits for
 * another before it starts costs one more delay.
 */
async function settlesWithin<T>(promise: Promise<T>, ms: number) {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(ms);
  return settled;
}

const ref = (name: string, kind = 'component') => ({
  namespace: 'default',
  kind,
  name,
});

describe('AirflowService', () => {
  describe('environment overview', () => {
    // Upstream delays and "24 hours ago" follow fake time: neither depends on
    // how busy the machine is nor on the wall clock.
    beforeEach(() => {
      jest.useFakeTimers({ now: Date.parse('2026-01-01T12:00:00Z') });
    });
    afterEach(() => {
      jest.useRealTimers();
    });

    it('fans out concurrently and lets each environment fail on its own', async () => {
      const healthy = new FakeAirflowTransport('prod', []);
      const degraded = new FakeAirflowTransport('staging', []);
      degraded.health = {
        metadatabase: { status: 'healthy' },
        scheduler: { status: 'unhealthy', latest_scheduler_heartbeat: null },
        triggerer: { status: 'healthy', latest_triggerer_heartbeat: null },
      };
      const down = new FakeAirflowTransport('dev', []);
      down.failWith = new UpstreamError(
        'Airflow environment "dev" is unreachable',
        {
          environment: 'dev',
          kind: 'network',
        },
      );
      for (const t of [healthy, degraded, down]) {
        t.delayMs = 100;
      }
      const { service } = setup([healthy, degraded, down], []);

      const listing = service.listEnvironments();
      // Three environments × (health ∥ version ∥ import errors) in one delay.
      expect(await settlesWithin(listing, 100)).toBe(true);
      const { environments } = await listing;

      expect(environments.map(e => [e.name, e.status])).toEqual([
        ['prod', 'healthy'],
        ['staging', 'degraded'],
        ['dev', 'unreachable'],
      ]);
      expect(environments[0]).toMatchObject({
        apiVersion: 'v2',
        version: '3.0.6',
        importErrorCount: 2,
        transport: 'jwt',
        health: { triggerer: { status: 'unknown' } },
      });
      expect(environments[0]).not.toHaveProperty('connection');
      expect(environments[2].error).toEqual({
        name: 'UpstreamError',
        message: 'Airflow environment "dev" is unreachable',
        upstreamStatus: undefined,
        detail: undefined,
      });
    });

    it('counts runs that failed in the last 24 hours and runs running now', async () => {
      const hoursAgo = (h: number) =>
        new Date(Date.now() - h * 3_600_000).toISOString();
      const dayAgo = hoursAgo(24);
      const prod = new FakeAirflowTransport('prod', [
        {
          dagId: 'a',
          tags: [],
          runs: 3,
          runState: 'failed',
          lastRunAt: hoursAgo(1),
        },
        // 47, 48: ended before the window.
        {
          dagId: 'b',
          tags: [],
          runs: 2,
          runState: 'failed',
          lastRunAt: hoursAgo(47),
        },
        {
          dagId: 'c',
          tags: [],
          runs: 2,
          runState: 'running',
          lastRunAt: hoursAgo(30),
        },
        { dagId: 'd', tags: [], runs: 4, lastRunAt: hoursAgo(1) },
      ]);
      prod.delayMs = 50;
      const { service } = setup([prod], []);
      const loading = service.getEnvironment('prod');
      // Concurrent with the other status calls: one delay for all of them.
      expect(await settlesWithin(loading, 50)).toBe(true);
      const status = await loading;
      expect(status).toMatchObject({
        status: 'healthy',
        runCounts24h: { failed: 3, running: 2 },
      });
      expect(status.error).toBeUndefined();
      const counts = prod.calls.filter(c => c.path === '/dags/~/dagRuns');
      expect(counts.map(c => c.query?.state)).toEqual(['failed', 'running']);
      expect(counts[0].query?.end_date_gte).toBe(dayAgo);
      expect(counts.every(c => c.query?.limit === 1)).toBe(true);
    });

    it('leaves the run counts out when they cannot be read, keeping the health', async () => {
      const prod = new FakeAirflowTransport('prod', []);
      prod.failPaths.set(
        '/dags/~/dagRuns',
        new UpstreamError('Airflow answered 403', {
          environment: 'prod',
          kind: 'http',
          status: 403,
          detail: 'Forbidden',
        }),
      );
      const { service } = setup([prod], []);
      const status = await service.getEnvironment('prod');
      expect(status.status).toBe('healthy');
      expect(status.health?.metadatabase.status).toBe('healthy');
      expect(status.importErrorCount).toBe(2);
      expect(status).not.toHaveProperty('runCounts24h');
      expect(status.error).toMatchObject({ upstreamStatus: 403 });
    });

    it('caches the status', async () => {
      const prod = new FakeAirflowTransport('prod', []);
      const { service } = setup([prod], []);
      await service.getEnvironment('prod');
      const calls = prod.calls.length;
      await service.getEnvironment('prod');
      expect(prod.calls).toHaveLength(calls);
    });

    it('rejects an unknown environment', async () => {
      const { service } = setup([], []);
      expect(() => service.getEnvironment('nope')).toThrow(
        'Unknown Airflow environment "nope"',
      );
    });
  });

  describe('entity DAGs', () => {
    it.each([10, 100, 250])(
      'costs at most 2·⌈N/100⌉ upstream calls for N = %i tag-bound DAGs',
      async n => {
        const prod = new FakeAirflowTransport('prod', [
          ...fakeDags(n, 'sales', 'sales'),
          ...fakeDags(30, 'other', 'other'),
        ]);
        const { service } = setup(
          [prod],
          [
            component('shop', {
              'airflow.apache.org/environment': 'prod',
              'airflow.apache.org/dag-tags': 'sales',
            }),
          ],
        );
        const result = await service.getEntityDags(ref('shop'), credentials);
        const dags = result.environments[0].dags;
        expect(dags).toHaveLength(n);
        expect(prod.calls.length).toBeLessThanOrEqual(2 * Math.ceil(n / 100));
        expect(dags[0].latestRuns.length).toBeGreaterThan(0);
        expect(dags[0].boundEntityRefs).toEqual(['component:default/shop']);
      },
    );

    it.each([10, 100, 250])(
      'lists N = %i id-bound DAGs sharing a naming convention with one pattern',
      async n => {
        const dags = fakeDags(n, 'billing', 'x');
        const prod = new FakeAirflowTransport('prod', [
          ...dags,
          ...fakeDags(40, 'other', 'x'),
        ]);
        const { service } = setup(
          [prod],
          [
            component('billing', {
              'airflow.apache.org/environment': 'prod',
              'airflow.apache.org/dag-ids': dags.map(d => d.dagId).join(','),
            }),
          ],
        );
        const result = await service.getEntityDags(ref('billing'), credentials);
        expect(result.environments[0].dags).toHaveLength(n);
        expect(prod.calls.length).toBeLessThanOrEqual(2 * Math.ceil(n / 100));
        expect(prod.calls[0].query?.dag_id_pattern).toMatch(/^billing_/);
      },
    );

    it('coalesces 100 concurrent cold loads into the calls of one', async () => {
      const entity = component('shop', {
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-tags': 'sales',
      });
      const single = new FakeAirflowTransport(
        'prod',
        fakeDags(150, 'sales', 'sales'),
      );
      await setup([single], [entity]).service.getEntityDags(
        ref('shop'),
        credentials,
      );

      const crowd = new FakeAirflowTransport(
        'prod',
        fakeDags(150, 'sales', 'sales'),
      );
      // Upstream answers wait on fake time: all 100 loads are in flight before
      // the first answer, however busy the machine is.
      crowd.delayMs = 20;
      jest.useFakeTimers();
      let results: Awaited<ReturnType<AirflowService['getEntityDags']>>[];
      try {
        const { service } = setup([crowd], [entity]);
        const loading = Promise.all(
          Array.from({ length: 100 }, () =>
            service.getEntityDags(ref('shop'), credentials),
          ),
        );
        expect(await settlesWithin(loading, 1000)).toBe(true);
        results = await loading;
      } finally {
        jest.useRealTimers();
      }
      expect(crowd.calls).toHaveLength(single.calls.length);
      expect(new Set(results.map(r => r.environments[0].dags.length))).toEqual(
        new Set([150]),
      );
    });

    it('serves a warm load from the cache', async () => {
      const prod = new FakeAirflowTransport(
        'prod',
        fakeDags(5, 'sales', 'sales'),
      );
      const { service } = setup(
        [prod],
        [
          component('shop', {
            'airflow.apache.org/environment': 'prod',
            'airflow.apache.org/dag-tags': 'sales',
          }),
        ],
      );
      await service.getEntityDags(ref('shop'), credentials);
      const calls = prod.calls.length;
      await service.getEntityDags(ref('shop'), credentials);
      expect(prod.calls).toHaveLength(calls);
    });

    it('reports a failing and an unknown environment as error entries', async () => {
      const prod = new FakeAirflowTransport(
        'prod',
        fakeDags(3, 'sales', 'sales'),
      );
      const staging = new FakeAirflowTransport('staging', []);
      staging.failWith = new UpstreamError('Airflow answered 503', {
        environment: 'staging',
        kind: 'http',
        status: 503,
        detail: 'Service Unavailable',
      });
      const { service } = setup(
        [prod, staging],
        [
          component('shop', {
            'airflow.apache.org/environment': 'prod, staging, nowhere',
            'airflow.apache.org/dag-tags': 'sales',
          }),
        ],
      );
      const { environments } = await service.getEntityDags(
        ref('shop'),
        credentials,
      );
      expect(environments.map(e => [e.environment, e.dags.length])).toEqual([
        ['prod', 3],
        ['staging', 0],
        ['nowhere', 0],
      ]);
      expect(environments[1].error).toMatchObject({
        name: 'UpstreamError',
        upstreamStatus: 503,
        detail: 'Service Unavailable',
      });
      expect(environments[2].error).toMatchObject({ name: 'NotFoundError' });
    });

    it('marks DAGs crowded out of a truncated latest-runs batch', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'busy', tags: ['t'], runs: 300 },
        { dagId: 'quiet', tags: ['t'], runs: 2 },
      ]);
      const { service } = setup(
        [prod],
        [
          component('shop', {
            'airflow.apache.org/environment': 'prod',
            'airflow.apache.org/dag-tags': 't',
          }),
        ],
      );
      const [busy, quiet] = (
        await service.getEntityDags(ref('shop'), credentials)
      ).environments[0].dags;
      expect(busy.latestRuns).toHaveLength(5);
      expect(busy.latestRunsPartial).toBe(false);
      expect(quiet.latestRunsPartial).toBe(true);
    });

    it('builds a group view from the bindings of what the group owns', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'orders_load', tags: ['sales'], runs: 1 },
        { dagId: 'orders_report', tags: ['sales', 'reporting'], runs: 1 },
        { dagId: 'stock_sync', tags: ['stock'], runs: 1 },
      ]);
      const { service } = setup(
        [prod],
        [
          group,
          component('orders', {
            'airflow.apache.org/environment': 'prod',
            'airflow.apache.org/dag-tags': 'sales',
          }),
          component('reports', {
            'airflow.apache.org/environment': 'prod',
            'airflow.apache.org/dag-ids': 'orders_report',
          }),
          component(
            'stock',
            {
              'airflow.apache.org/environment': 'prod',
              'airflow.apache.org/dag-ids': 'stock_sync',
            },
            'team-b',
          ),
        ],
      );
      const result = await service.getEntityDags(
        ref('team-a', 'group'),
        credentials,
      );
      expect(result.entityRef).toBe('group:default/team-a');
      expect(
        result.environments[0].dags.map(d => [
          d.dagId,
          d.boundEntityRefs.sort(),
        ]),
      ).toEqual([
        ['orders_load', ['component:default/orders']],
        [
          'orders_report',
          ['component:default/orders', 'component:default/reports'],
        ],
      ]);
    });

    it('aggregates only what the group owns and the caller may read, short owner refs in their own namespace', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'a', tags: [], runs: 1 },
        { dagId: 'b', tags: [], runs: 1 },
        { dagId: 'c', tags: [], runs: 1 },
        { dagId: 'd', tags: [], runs: 1 },
      ]);
      const binding = (dagId: string) => ({
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-ids': dagId,
      });
      // Relations not processed yet: only `spec.owner` says who owns it.
      const unprocessed = (
        name: string,
        namespace: string,
        owner: string,
        dagId: string,
      ): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name, namespace, annotations: binding(dagId) },
        spec: { owner, type: 'service', lifecycle: 'production' },
      });
      const asked: string[][] = [];
      const { service } = setup(
        [prod],
        [
          group,
          component('readable', binding('a')),
          component('hidden', binding('b')),
          // `team-a` in namespace other is group:other/team-a, not this group.
          unprocessed('elsewhere', 'other', 'team-a', 'c'),
          unprocessed('explicit', 'other', 'group:default/team-a', 'd'),
        ],
        new InMemoryCache(),
        {
          mayReadEntities: async entities => {
            const refs = entities.map(e => stringifyEntityRef(e));
            asked.push([...refs].sort());
            return refs.map(r => r !== 'component:default/hidden');
          },
        },
      );
      const result = await service.getEntityDags(
        ref('team-a', 'group'),
        credentials,
      );
      expect(result.environments[0].dags.map(d => d.dagId)).toEqual(['a', 'd']);
      // One batched question about every entity the group owns.
      expect(asked).toEqual([
        [
          'component:default/hidden',
          'component:default/readable',
          'component:other/explicit',
        ],
      ]);
    });

    it('rejects an entity the catalog does not return', async () => {
      const { service } = setup([], []);
      await expect(
        service.getEntityDags(ref('ghost'), credentials),
      ).rejects.toThrow('Entity component:default/ghost not found');
    });
  });

  describe('after an action', () => {
    it('reads the DAG lists, latest runs, runs and details of the environment afresh', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'checkout', tags: ['sales'], runs: 2 },
      ]);
      const staging = new FakeAirflowTransport('staging', [
        { dagId: 'checkout', tags: ['sales'], runs: 2 },
      ]);
      const { service } = setup(
        [prod, staging],
        [
          component('shop', {
            'airflow.apache.org/environment': 'prod, staging',
            'airflow.apache.org/dag-tags': 'sales',
          }),
        ],
      );
      const dagRef = {
        entity: ref('shop'),
        environment: 'prod',
        dagId: 'checkout',
      };
      const readAll = async () => {
        await service.getEntityDags(ref('shop'), credentials);
        await service.listDagRuns(dagRef, { limit: 5, offset: 0 }, credentials);
        await service.getDagDetails(dagRef, credentials);
        await service.getEnvironment('prod');
      };
      await readAll();
      const [prodCalls, stagingCalls] = [
        prod.calls.length,
        staging.calls.length,
      ];
      await readAll();
      expect(prod.calls).toHaveLength(prodCalls);

      await service.dagChanged('prod', 'checkout');
      await readAll();
      // DAG list, latest runs, runs, details again; the status stays cached.
      expect(prod.calls.slice(prodCalls).map(c => c.path)).toEqual([
        '/dags',
        '/dags/~/dagRuns/list',
        '/dags/~/dagRuns/list',
        '/dags/checkout/details',
      ]);
      expect(staging.calls).toHaveLength(stagingCalls);
    });
  });

  describe('DAG routes', () => {
    const entities = [
      component('shop', {
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-ids': 'checkout',
        'airflow.apache.org/dag-tags': 'sales',
      }),
    ];

    describe("a run's conf", () => {
      const conf = {
        table: 'orders',
        db_password: 'hunter2',
        uri: 'postgresql://etl:s3cret@db/orders',
      };
      const redacted = {
        table: 'orders',
        db_password: '[REDACTED]',
        uri: 'postgresql://etl:[REDACTED]@db/orders',
      };
      const dagRef = {
        entity: ref('shop'),
        environment: 'prod',
        dagId: 'checkout',
      };

      async function triggeredRun(visibility?: ConfVisibility) {
        const prod = new FakeAirflowTransport('prod', [
          { dagId: 'checkout', tags: ['sales'], runs: 0 },
        ]);
        await prod.request('v2', {
          method: 'POST',
          path: '/dags/checkout/dagRuns',
          body: { dag_run_id: 'manual__1', conf },
          idempotent: false,
        });
        const { service } = setup([prod], entities, new InMemoryCache(), {
          confVisibility: visibility,
        });
        const runs = await service.listDagRuns(
          dagRef,
          { limit: 5, offset: 0 },
          credentials,
        );
        const page = await service.getEntityDags(ref('shop'), credentials);
        return {
          listed: runs.items[0].conf,
          latest: page.environments[0].dags[0].latestRuns[0].conf,
        };
      }

      it('is redacted for every reader by default', async () => {
        expect(await triggeredRun()).toEqual({
          listed: redacted,
          latest: redacted,
        });
      });

      it('is shown as sent to a reader the visibility allows, asked about the DAG', async () => {
        const canSeeConf = jest.fn(async (_: unknown, targets: unknown[]) =>
          targets.map(() => true),
        );
        expect(await triggeredRun({ canSeeConf })).toEqual({
          listed: conf,
          latest: conf,
        });
        expect(canSeeConf).toHaveBeenCalledWith(credentials, [
          {
            entityRef: 'component:default/shop',
            environment: 'prod',
            dagId: 'checkout',
          },
        ]);
      });

      it('is redacted when the decision fails', async () => {
        const canSeeConf = jest.fn(async () => {
          throw new Error('permission backend down');
        });
        expect(await triggeredRun({ canSeeConf })).toEqual({
          listed: redacted,
          latest: redacted,
        });
      });
    });

    it('refuses a DAG the entity does not bind before asking Airflow about it', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'secret', tags: ['hr'], runs: 1 },
      ]);
      const { service } = setup([prod], entities);
      await expect(
        service.listDagRuns(
          { entity: ref('shop'), environment: 'prod', dagId: 'secret' },
          { limit: 10, offset: 0 },
          credentials,
        ),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(prod.calls.every(c => !c.path.startsWith('/dags/secret'))).toBe(
        true,
      );
    });

    it('serves runs of DAGs bound by id without any binding lookup upstream', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'checkout', tags: [], runs: 3 },
      ]);
      const { service } = setup([prod], entities);
      const page = await service.listDagRuns(
        { entity: ref('shop'), environment: 'prod', dagId: 'checkout' },
        { limit: 2, offset: 0 },
        credentials,
      );
      expect(page.items).toHaveLength(2);
      expect(prod.calls.map(c => [c.method, c.path, c.body])).toEqual([
        [
          'POST',
          '/dags/~/dagRuns/list',
          {
            dag_ids: ['checkout'],
            page_offset: 0,
            page_limit: 2,
            order_by: '-run_after',
          },
        ],
      ]);
    });

    it('serves the details of a bound DAG from a short cache and refuses an unbound one', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'checkout', tags: [], runs: 0 },
        { dagId: 'secret', tags: ['hr'], runs: 0 },
      ]);
      const { service } = setup([prod], entities);
      const dagRef = {
        entity: ref('shop'),
        environment: 'prod',
        dagId: 'checkout',
      };
      const details = await service.getDagDetails(dagRef, credentials);
      expect(details).toMatchObject({
        dagId: 'checkout',
        params: {
          region: {
            value: 'eu',
            schema: { type: 'string', enum: ['eu', 'us'] },
          },
        },
      });
      await service.getDagDetails(dagRef, credentials);
      expect(prod.calls.map(c => c.path)).toEqual(['/dags/checkout/details']);
      await expect(
        service.getDagDetails({ ...dagRef, dagId: 'secret' }, credentials),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
      expect(prod.calls.some(c => c.path.startsWith('/dags/secret'))).toBe(
        false,
      );
    });

    it('lists the task instances of a run through the batch endpoint', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'checkout', tags: [], runs: 1 },
      ]);
      const { service } = setup([prod], entities);
      const runId = 'scheduled__2026-11-22T07:00:00+00:00';
      await service.listTaskInstances(
        { entity: ref('shop'), environment: 'prod', dagId: 'checkout' },
        runId,
        { limit: 100, offset: 0 },
        credentials,
      );
      expect(prod.calls.map(c => [c.method, c.path, c.body])).toEqual([
        [
          'POST',
          '/dags/~/dagRuns/~/taskInstances/list',
          {
            dag_ids: ['checkout'],
            dag_run_ids: [runId],
            page_offset: 0,
            page_limit: 100,
            order_by: 'map_index',
          },
        ],
      ]);
    });

    it('serves DAGs bound by tag and caches only finished log chunks', async () => {
      const prod = new FakeAirflowTransport('prod', [
        { dagId: 'sales_eu', tags: ['sales'], runs: 1 },
      ]);
      const { service } = setup([prod], entities);
      const dagRef = {
        entity: ref('shop'),
        environment: 'prod',
        dagId: 'sales_eu',
      };
      const log = { runId: 'r1', taskId: 't', tryNumber: 1, mapIndex: -1 };
      await expect(
        service.getTaskLog(dagRef, log, credentials),
      ).resolves.toEqual({
        lines: [{ message: 'done', timestamp: '2025-01-01T00:00:00Z' }],
        endOfLog: true,
      });
      await service.getTaskLog(dagRef, log, credentials);
      expect(prod.calls.filter(c => c.path.includes('/logs/'))).toHaveLength(1);
    });
  });
});
