import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type express from 'express';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import {
  boundComponent,
  prodEnvironment,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { UpstreamError, UpstreamFailureKind } from '../transport/errors';

jest.setTimeout(60_000);

/** GET of `path` exactly as written (no dot-segment resolution), on an ephemeral port. */
async function rawGet(
  app: express.Express,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path, headers }, res => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  } finally {
    server.close();
  }
}

const shop = boundComponent('shop', 'prod', 'checkout');
const dagBase = '/entities/default/component/shop/environments/prod/dags';
const auth = { Authorization: mockCredentials.user.header() };

describe('createRouter', () => {
  let app: RouterTestApp;
  beforeAll(async () => {
    app = await startRouterTestApp({
      environments: [testEnvironment('prod')],
      dags: [{ dagId: 'checkout', tags: [], runs: 3 }],
      entities: [shop],
    });
  });
  beforeEach(() => app.reset());

  const get = (path: string) => request(app.url).get(path).set(auth);

  it('serves the environment overview without credentials in the body', async () => {
    const res = await get('/environments');
    expect(res.status).toBe(200);
    expect(res.body.environments).toEqual([
      expect.objectContaining({
        name: 'prod',
        status: 'healthy',
        apiVersion: 'v2',
        production: false,
      }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('serves entity DAGs with their latest runs', async () => {
    const res = await get('/entities/default/component/shop/dags');
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/shop');
    expect(res.body.environments[0].dags[0]).toMatchObject({
      dagId: 'checkout',
      boundEntityRefs: ['component:default/shop'],
    });
    expect(res.body.environments[0].dags[0].latestRuns).toHaveLength(3);
  });

  it('serves runs, tasks and logs of a bound DAG', async () => {
    const runs = await get(
      `${dagBase}/checkout/runs?limit=2&state=success,failed`,
    );
    expect(runs.status).toBe(200);
    expect(runs.body).toMatchObject({ totalEntries: 3, limit: 2, offset: 0 });
    const runId = encodeURIComponent(runs.body.items[0].runId);
    const tasks = await get(`${dagBase}/checkout/runs/${runId}/tasks`);
    expect(tasks.status).toBe(200);
    const log = await get(
      `${dagBase}/checkout/runs/${runId}/tasks/extract/logs/1?mapIndex=-1`,
    );
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ endOfLog: true });
  });

  it('serves the details of a bound DAG with its params', async () => {
    const res = await get(`${dagBase}/checkout/details`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'prod',
      dagId: 'checkout',
      params: {
        region: { value: 'eu', schema: { type: 'string', enum: ['eu', 'us'] } },
      },
    });
    const prod = app.airflow.prod;
    expect(prod.calls.map(c => c.path)).toContain('/dags/checkout/details');
    const unbound = await get(`${dagBase}/payroll/details`);
    expect(unbound.status).toBe(404);
    const bad = await get(`${dagBase}/bad%20dag/details`);
    expect(bad.status).toBe(400);
    expect(prod.calls.some(c => c.path.startsWith('/dags/payroll'))).toBe(
      false,
    );
  });

  it.each([
    [`${dagBase}/bad%20dag/runs`, 'dagId'],
    [`${dagBase}/${'a'.repeat(251)}/runs`, 'dagId'],
    [`${dagBase}/checkout/runs?limit=101`, 'limit'],
    [`${dagBase}/checkout/runs?limit=0`, 'limit'],
    [`${dagBase}/checkout/runs?offset=-1`, 'offset'],
    [`${dagBase}/checkout/runs?state=exploded`, 'state'],
    [`${dagBase}/checkout/runs/r%0A1/tasks`, 'runId'],
    [`${dagBase}/checkout/runs/r1/tasks/t%24/logs/1`, 'taskId'],
    [`${dagBase}/checkout/runs/r1/tasks/t/logs/0`, 'tryNumber'],
    [`${dagBase}/checkout/runs/r1/tasks/t/logs/1?mapIndex=-2`, 'mapIndex'],
    ['/environments/1nvalid', 'environment'],
    ['/environments/prod/import-errors?limit=x', 'limit'],
    // Not percent-encoding: before, a 500 from Express.
    [`${dagBase}/bad%ZZ/runs`, 'malformed uri'],
  ])('answers 400 for %s before any upstream call', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(field);
    expect(res.body.error.stack).toBeUndefined();
    expect(app.airflow.prod.calls).toHaveLength(0);
  });

  it('answers 404 for an unknown environment and an unbound DAG', async () => {
    const unknownEnv = await get('/environments/staging');
    expect(unknownEnv.status).toBe(404);
    expect(unknownEnv.body.error.name).toBe('NotFoundError');
    const unknownEnvRuns = await get(
      '/entities/default/component/shop/environments/staging/dags/checkout/runs',
    );
    expect(unknownEnvRuns.status).toBe(404);
    const unbound = await get(`${dagBase}/payroll/runs`);
    expect(unbound.status).toBe(404);
    expect(app.airflow.prod.calls).toHaveLength(0);
  });

  it('refuses a trigger whose conf is over 64 KiB of JSON, and records it', async () => {
    const res = await request(app.url)
      .post(`${dagBase}/checkout/runs`)
      .set(auth)
      .send({ requestId: 'big', conf: { big: 'x'.repeat(64 * 1024) } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(
      'request/body/conf must be at most 65536 bytes of JSON',
    );
    const [record] = await app.auditRecords();
    expect(record).toMatchObject({ outcome: 'rejected', requestId: 'big' });
    expect(app.airflow.prod.triggered).toBe(0);
  });

  it('refuses a body over 256 KiB, and records it', async () => {
    const res = await request(app.url)
      .patch(`${dagBase}/checkout`)
      .set(auth)
      .send({ isPaused: false, padding: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid body: larger than 256 KiB');
    expect(await app.auditRecords()).toEqual([
      expect.objectContaining({ outcome: 'rejected', action: 'dag.pause' }),
    ]);
  });

  it('records a trigger in an environment that is not configured as rejected (404)', async () => {
    const res = await request(app.url)
      .post(
        '/entities/default/component/shop/environments/staging/dags/checkout/runs',
      )
      .set(auth)
      .send({ requestId: 'elsewhere' });
    expect(res.status).toBe(404);
    expect(await app.auditRecords()).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        environment: 'staging',
        requestId: 'elsewhere',
      }),
    ]);
  });

  describe('hostile input', () => {
    const logs = (runId: string, taskId: string) =>
      `${dagBase}/checkout/runs/${runId}/tasks/${taskId}/logs/1`;

    it.each([
      ['a task id of %2e%2e', logs('r1', '%2e%2e')],
      ['a run id and a task id of ..', logs('%2E%2E', '%2e%2e')],
      ['a task id of .', logs('r1', '.')],
      ['a DAG id of %2e', `${dagBase}/%2e/details`],
    ])('refuses %s with 400 and no call to Airflow', async (_case, path) => {
      // As sent: a client's URL parser would resolve the dots first.
      const res = await rawGet(app.unchecked, path, auth);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.name).toBe('InputError');
      expect(app.airflow.prod.calls).toHaveLength(0);
    });

    it('refuses a trigger whose conf is nested 10,000 levels deep, and records it', async () => {
      const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
      const res = await request(app.url)
        .post(`${dagBase}/checkout/runs`)
        .set({ ...auth, 'Content-Type': 'application/json' })
        .send(`{"requestId":"deep","conf":${deep}}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid body: nested deeper than 64 levels',
      );
      expect(await app.auditRecords()).toEqual([
        expect.objectContaining({ outcome: 'rejected', action: 'dag.trigger' }),
      ]);
      expect(app.airflow.prod.triggered).toBe(0);
    });

    it.each([
      ['a date no database can store', '[1e300,"x"]'],
      ['a negative time', '[-1,"x"]'],
      ['an id that is no record id', '[0,"\' OR 1=1"]'],
      ['not a pair', '{"a":1}'],
    ])('refuses an audit cursor with %s (400)', async (_case, json) => {
      const cursor = Buffer.from(json, 'utf8').toString('base64url');
      const res = await get(`/audit?cursor=${cursor}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('Invalid cursor');
    });
  });

  it.each<[UpstreamFailureKind, number | undefined, number]>([
    ['http', 404, 404],
    ['http', 409, 409],
    ['http', 422, 400],
    ['http', 400, 400],
    ['http', 500, 502],
    ['auth', 403, 502],
    ['network', undefined, 502],
    ['malformed', 200, 502],
    ['timeout', undefined, 504],
    ['throttled', 429, 503],
    ['overloaded', undefined, 503],
    ['unavailable', undefined, 503],
    ['limit', undefined, 422],
  ])(
    'maps an upstream %s failure (%s) to %i',
    async (kind, status, expected) => {
      app.airflow.prod.failWith = new UpstreamError(
        'Airflow environment "prod" failed',
        { environment: 'prod', kind, status, detail: 'DAG run not found' },
      );
      const res = await get(`${dagBase}/checkout/runs`);
      expect(res.status).toBe(expected);
      expect(res.body).toEqual({
        error: {
          name: 'UpstreamError',
          message: 'Airflow environment "prod" failed',
          environment: 'prod',
          upstreamStatus: status,
          detail: 'DAG run not found',
        },
        request: { method: 'GET', url: `${dagBase}/checkout/runs` },
        response: { statusCode: expected },
      });
    },
  );

  it.each<[UpstreamFailureKind, number | undefined, string]>([
    ['throttled', 7, '7'],
    ['throttled', undefined, '1'],
    ['overloaded', 10, '10'],
    ['unavailable', 4, '4'],
  ])(
    'answers a %s failure with Retry-After (given %s)',
    async (kind, retryAfterSeconds, expected) => {
      app.airflow.prod.failWith = new UpstreamError(
        'Airflow environment "prod" failed',
        { environment: 'prod', kind, retryAfterSeconds },
      );
      const res = await get(`${dagBase}/checkout/runs`);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe(expected);
    },
  );
});

describe('the plugin at /api/airflow', () => {
  it('serves its routes to users and its spec to users and services, nothing without a token', async () => {
    const { server } = await startAirflowTestBackend({
      environments: [prodEnvironment],
      entities: [shop],
      services: [
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const spec = '/api/airflow/openapi.json';

    expect((await request(server).get(spec)).status).toBe(401);
    expect(
      (await request(server).get('/api/airflow/environments')).status,
    ).toBe(401);

    // As Backstage's OpenAPI catalog module reads every plugin's spec.
    const asService = await request(server)
      .get(spec)
      .set('Authorization', mockCredentials.service.header());
    expect(asService.status).toBe(200);
    const asUser = await request(server)
      .get(spec)
      .set('Authorization', mockCredentials.user.header());
    expect(asUser.status).toBe(200);
    // The paths as mounted.
    expect(Object.keys(asUser.body.paths)).toContain(
      '/api/airflow/environments',
    );
  });
});
