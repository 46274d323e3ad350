import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Knex } from 'knex';
import request from 'supertest';
import {
  boundComponent,
  prodEnvironment,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';
import { AUDIT_TABLE, KnexAuditStore } from '../audit/KnexAuditStore';
import type { AuditStore } from '../audit/types';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';

const shop = boundComponent('shop', 'prod', 'checkout, ghost');
const dagPath =
  '/api/airflow/entities/default/component/shop/environments/prod/dags';
const alice = mockCredentials.user.header('user:default/alice');
const mallory = mockCredentials.user.header('user:default/mallory');

async function startBackend(options: { knex?: Knex; auditStore?: AuditStore }) {
  const prod = new FakeAirflowTransport('prod', [
    { dagId: 'checkout', tags: [], runs: 1 },
  ]);
  // Alice may do everything, anyone else nothing.
  const decide = (opts?: { credentials: { principal: unknown } }) => ({
    result:
      (opts?.credentials.principal as any).userEntityRef ===
      'user:default/alice'
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
  });
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, opts) => requests.map(() => decide(opts)),
    authorizeConditional: async (requests, opts) =>
      requests.map(() => decide(opts)),
  });
  const { server } = await startAirflowTestBackend({
    plugin: { transportFactory: () => prod, auditStore: options.auditStore },
    environments: [
      {
        ...prodEnvironment,
        auth: { type: 'jwt', username: 'p', password: 's' },
      },
    ],
    entities: [shop],
    services: [
      permissions.factory,
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
    ],
  });
  return { server, prod };
}

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
  // PostgreSQL when BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set.
  disableDocker: true,
});

describe.each(databases.eachSupportedId())('actions on %s', databaseId => {
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(databaseId);
  });
  beforeEach(async () => {
    if (await knex.schema.hasTable(AUDIT_TABLE)) {
      await knex(AUDIT_TABLE).delete();
    }
  });
  const rows = () => knex(AUDIT_TABLE).select('*').orderBy('created_at');

  it('triggers once per requestId and records every attempt', async () => {
    const { server, prod } = await startBackend({ knex });
    const body = {
      requestId: 'abc-1',
      conf: { region: 'eu', db: { password: 'hunter2' }, apiKey: 'k' },
      note: 'from the portal',
    };
    const first = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', alice)
      .send(body);
    const again = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', alice)
      .send(body);
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body.runId).toBe(first.body.runId);
    expect(first.body.runId).toMatch(/^portal__[0-9a-f]{32}$/);
    expect(prod.triggered).toBe(1);
    // Airflow 3 requires logical_date; null by default.
    const post = prod.calls.find(c => c.method === 'POST')!;
    expect(post.body).toMatchObject({
      logical_date: null,
      note: 'from the portal',
    });

    const records = await rows();
    expect(records).toHaveLength(2);
    expect(records.map(r => [r.outcome, r.upstream_status])).toEqual([
      ['succeeded', 200],
      ['deduplicated', 409],
    ]);
    expect(records[0]).toMatchObject({
      actor: 'user:default/alice',
      action: 'dag.trigger',
      environment: 'prod',
      dag_id: 'checkout',
      entity_ref: 'component:default/shop',
      run_id: first.body.runId,
      request_id: 'abc-1',
    });
    expect(JSON.parse(records[0].conf)).toEqual({
      region: 'eu',
      db: { password: '[REDACTED]' },
      apiKey: '[REDACTED]',
    });
    // The conf sent to Airflow is not redacted.
    expect((post.body as any).conf.db.password).toBe('hunter2');
  });

  it('tells retries of one trigger apart from the one that started the run', async () => {
    const { server, prod } = await startBackend({ knex });
    for (let i = 0; i < 5; i++) {
      const res = await request(server)
        .post(`${dagPath}/checkout/runs`)
        .set('Authorization', alice)
        .send({ requestId: 'retry', conf: { b: 2, a: 1 } });
      expect(res.status).toBe(200);
    }
    expect(prod.triggered).toBe(1);
    expect((await rows()).map(r => r.outcome)).toEqual([
      'succeeded',
      'deduplicated',
      'deduplicated',
      'deduplicated',
      'deduplicated',
    ]);
  });

  it('answers 409 for a requestId reused with a different conf, and records it failed', async () => {
    const { server, prod } = await startBackend({ knex });
    const send = (conf: object) =>
      request(server)
        .post(`${dagPath}/checkout/runs`)
        .set('Authorization', alice)
        .send({ requestId: 'once', conf });
    expect((await send({ a: 1, b: 2 })).status).toBe(200);
    // The same conf with its keys in another order is the same conf.
    expect((await send({ b: 2, a: 1 })).status).toBe(200);
    const other = await send({ a: 2 });
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(
      /^This requestId started a run with a different conf/,
    );
    expect(prod.triggered).toBe(1);
    expect((await rows()).map(r => r.outcome)).toEqual([
      'succeeded',
      'deduplicated',
      'failed',
    ]);
  });

  it('keeps of a denied attempt the digest and size of its conf, not the conf', async () => {
    const { server } = await startBackend({ knex });
    const conf = { padding: 'x'.repeat(8000), note: 'hello' };
    const res = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', mallory)
      .send({ requestId: 'm-1', conf });
    expect(res.status).toBe(403);
    const [record] = await rows();
    expect(record).toMatchObject({
      outcome: 'denied',
      conf: null,
      conf_bytes: Buffer.byteLength(JSON.stringify(conf)),
      attempts: 1,
    });
    expect(record.conf_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records bad input, denial and upstream failure, one record each', async () => {
    const { server, prod } = await startBackend({ knex });
    const cases: Array<[string, any, string | object, number]> = [
      ['not an object', alice, { requestId: 'r1', conf: [1, 2] }, 400],
      [
        'too large',
        alice,
        { requestId: 'r2', conf: { big: 'x'.repeat(70_000) } },
        400,
      ],
      ['not JSON', alice, '{"requestId": ', 400],
      ['no requestId', alice, { conf: {} }, 400],
      ['denied', mallory, { requestId: 'r3' }, 403],
      ['unknown DAG', alice, { requestId: 'r4' }, 404],
    ];
    for (const [, who, body, status] of cases) {
      const dag = status === 404 ? 'ghost' : 'checkout';
      const req = request(server)
        .post(`${dagPath}/${dag}/runs`)
        .set('Authorization', who);
      const res =
        typeof body === 'string'
          ? await req.set('Content-Type', 'application/json').send(body)
          : await req.send(body);
      expect(res.status).toBe(status);
    }
    expect(prod.triggered).toBe(0);
    const records = await rows();
    expect(records.map(r => r.outcome)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'denied',
      'failed',
    ]);
    expect(records[4].actor).toBe('user:default/mallory');
    expect(records[5]).toMatchObject({ upstream_status: 404, dag_id: 'ghost' });
    expect(records.every(r => r.completed_at !== null)).toBe(true);
  });

  it('pauses and unpauses with update_mask, recorded as two actions', async () => {
    const { server, prod } = await startBackend({ knex });
    const paused = await request(server)
      .patch(`${dagPath}/checkout`)
      .set('Authorization', alice)
      .send({ isPaused: true });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ dagId: 'checkout', isPaused: true });
    const resumed = await request(server)
      .patch(`${dagPath}/checkout`)
      .set('Authorization', alice)
      .send({ isPaused: false });
    expect(resumed.body.isPaused).toBe(false);
    const patch = prod.calls.find(c => c.method === 'PATCH')!;
    expect(patch.query).toEqual({ update_mask: 'is_paused' });
    expect((await rows()).map(r => [r.action, r.outcome])).toEqual([
      ['dag.pause', 'succeeded'],
      ['dag.unpause', 'succeeded'],
    ]);
  });

  it('serves the trail newest first with filters and a cursor', async () => {
    const { server } = await startBackend({ knex });
    for (let i = 0; i < 5; i++) {
      await request(server)
        .post(`${dagPath}/checkout/runs`)
        .set('Authorization', alice)
        .send({ requestId: `p-${i}` });
    }
    await request(server)
      .patch(`${dagPath}/checkout`)
      .set('Authorization', alice)
      .send({ isPaused: true });
    const first = await request(server)
      .get('/api/airflow/audit?limit=2&action=dag.trigger')
      .set('Authorization', alice);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: any) => r.requestId)).toEqual([
      'p-4',
      'p-3',
    ]);
    const all: string[] = [];
    let cursor: string | undefined = undefined;
    do {
      const page: any = await request(server)
        .get(
          `/api/airflow/audit?limit=2&action=dag.trigger${
            cursor ? `&cursor=${cursor}` : ''
          }`,
        )
        .set('Authorization', alice);
      all.push(...page.body.items.map((r: any) => r.requestId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(['p-4', 'p-3', 'p-2', 'p-1', 'p-0']);
    const paused = await request(server)
      .get(
        '/api/airflow/audit?action=dag.pause&actor=user:default/alice&environment=prod&dagId=checkout&entityRef=component:default/shop&outcome=succeeded',
      )
      .set('Authorization', alice);
    expect(paused.body.items).toHaveLength(1);
    const future = await request(server)
      .get(
        `/api/airflow/audit?from=${encodeURIComponent(
          new Date(Date.now() + 60_000).toISOString(),
        )}`,
      )
      .set('Authorization', alice);
    expect(future.body.items).toHaveLength(0);
    const bad = await request(server)
      .get('/api/airflow/audit?cursor=nope')
      .set('Authorization', alice);
    expect(bad.status).toBe(400);
  });

  it('deletes records older than the retention', async () => {
    const store = new KnexAuditStore(knex);
    await KnexAuditStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
    const old = await store.record(
      {
        actor: 'user:default/a',
        action: 'dag.pause',
        environment: 'prod',
        dagId: 'd',
        entityRef: 'component:default/x',
        createdAt: new Date('2020-01-01T00:00:00Z'),
      },
      { outcome: 'succeeded', upstreamStatus: 200 },
    );
    await store.record(
      {
        actor: 'user:default/a',
        action: 'dag.pause',
        environment: 'prod',
        dagId: 'd',
        entityRef: 'component:default/x',
      },
      { outcome: 'succeeded', upstreamStatus: 200 },
    );
    expect(await store.deleteOlderThan(new Date('2021-01-01T00:00:00Z'))).toBe(
      1,
    );
    const left = await store.query({ limit: 10 });
    expect(left.items).toHaveLength(1);
    expect(left.items[0].id).not.toBe(old);
  });
});

describe('a failing audit store', () => {
  const failing: AuditStore = {
    open: async () => {
      throw new Error('database is down');
    },
    record: async () => {
      throw new Error('database is down');
    },
    complete: async () => {},
    query: async () => ({ items: [] }),
    deleteOlderThan: async () => 0,
    listUnknownTriggers: async () => [],
    resolveUnknown: async () => false,
    findPerformedRequest: async () => undefined,
  };

  it('blocks the action: 503 and no call to Airflow', async () => {
    const { server, prod } = await startBackend({ auditStore: failing });
    const trigger = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', alice)
      .send({ requestId: 'z' });
    expect(trigger.status).toBe(503);
    expect(trigger.body.error.name).toBe('ServiceUnavailableError');
    const pause = await request(server)
      .patch(`${dagPath}/checkout`)
      .set('Authorization', alice)
      .send({ isPaused: true });
    expect(pause.status).toBe(503);
    expect(prod.calls).toHaveLength(0);
    expect(prod.triggered).toBe(0);
  });

  it('also refuses denied and bad requests it cannot record', async () => {
    const { server, prod } = await startBackend({ auditStore: failing });
    const bad = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', alice)
      .send({ conf: 'x' });
    expect(bad.status).toBe(503);
    const denied = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', mallory)
      .send({ requestId: 'z' });
    expect(denied.status).toBe(503);
    expect(prod.calls).toHaveLength(0);
  });
});

describe('cached reads after an action', () => {
  const entityDags = '/api/airflow/entities/default/component/shop/dags';
  const get = (server: Parameters<typeof request>[0], path: string) =>
    request(server).get(path).set('Authorization', alice);

  it('shows a triggered run and a paused DAG on the next read, within the TTL', async () => {
    const { server, prod } = await startBackend({});
    const checkout = async () => {
      const res = await get(server, entityDags);
      expect(res.status).toBe(200);
      return res.body.environments[0].dags.find(
        (d: any) => d.dagId === 'checkout',
      );
    };
    const runsOfCheckout = async () =>
      (await get(server, `${dagPath}/checkout/runs`)).body.items.map(
        (r: any) => r.runId,
      );

    const before = await checkout();
    const runsBefore = await runsOfCheckout();
    expect(before.latestRuns).toHaveLength(1);
    // Warm: the same reads again cost nothing upstream.
    const calls = prod.calls.length;
    await checkout();
    await runsOfCheckout();
    expect(prod.calls).toHaveLength(calls);

    const triggered = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', alice)
      .send({ requestId: 'fresh-1' });
    expect(triggered.status).toBe(200);
    const after = await checkout();
    expect(after.latestRuns.map((r: any) => r.runId)).toEqual([
      triggered.body.runId,
      before.latestRuns[0].runId,
    ]);
    expect(await runsOfCheckout()).toEqual([
      triggered.body.runId,
      ...runsBefore,
    ]);

    // A retried trigger (Airflow's 409 for our run id) also refreshes.
    prod.dags[0].triggered = [];
    const retried = await request(server)
      .post(`${dagPath}/checkout/runs`)
      .set('Authorization', alice)
      .send({ requestId: 'fresh-1' });
    expect(retried.status).toBe(200);
    expect((await checkout()).latestRuns).toHaveLength(1);

    expect(before.isPaused).toBe(false);
    const paused = await request(server)
      .patch(`${dagPath}/checkout`)
      .set('Authorization', alice)
      .send({ isPaused: true });
    expect(paused.status).toBe(200);
    expect((await checkout()).isPaused).toBe(true);
    const details = await get(server, `${dagPath}/checkout/details`);
    expect(details.body.isPaused).toBe(true);
  });

  it('keeps the cached reads when the action failed', async () => {
    const { server, prod } = await startBackend({});
    await get(server, entityDags);
    const failed = await request(server)
      .post(`${dagPath}/ghost/runs`)
      .set('Authorization', alice)
      .send({ requestId: 'nope' });
    expect(failed.status).toBe(404);
    const calls = prod.calls.length;
    await get(server, entityDags);
    expect(prod.calls).toHaveLength(calls);
  });
});

describe('the binding check of an action', () => {
  it('is the one reads use: a tag binding is checked against the cached list of tagged DAGs', async () => {
    const orders = boundComponent('orders', 'prod', '');
    orders.metadata.annotations!['airflow.apache.org/dag-tags'] = 'orders';
    const prod = new FakeAirflowTransport('prod', [
      { dagId: 'orders_daily', tags: ['orders'], runs: 1 },
      { dagId: 'payroll', tags: ['hr'], runs: 1 },
    ]);
    const { server } = await startAirflowTestBackend({
      plugin: { transportFactory: () => prod },
      environments: [prodEnvironment],
      entities: [orders],
    });
    const base =
      '/api/airflow/entities/default/component/orders/environments/prod/dags';
    const dags = await request(server)
      .get('/api/airflow/entities/default/component/orders/dags')
      .set('Authorization', alice);
    expect(dags.body.environments[0].dags.map((d: any) => d.dagId)).toEqual([
      'orders_daily',
    ]);

    const calls = prod.calls.length;
    const paused = await request(server)
      .patch(`${base}/orders_daily`)
      .set('Authorization', alice)
      .send({ isPaused: true });
    expect(paused.status).toBe(200);
    // Bound by tag, known from the cached list: only the write went upstream.
    expect(prod.calls.slice(calls).map(c => `${c.method} ${c.path}`)).toEqual([
      'PATCH /dags/orders_daily',
    ]);

    const other = await request(server)
      .patch(`${base}/payroll`)
      .set('Authorization', alice)
      .send({ isPaused: true });
    expect(other.status).toBe(404);
    expect(other.body.error.name).toBe('NotFoundError');
    expect(prod.paused.has('payroll')).toBe(false);
  });
});
