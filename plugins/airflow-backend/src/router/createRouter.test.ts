import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  boundComponent,
  prodEnvironment,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';
import { UpstreamError, UpstreamFailureKind } from '../transport/errors';

const shop = boundComponent('shop', 'prod', 'checkout');

const dagBase =
  '/api/airflow/entities/default/component/shop/environments/prod/dags';
const auth = { Authorization: mockCredentials.user.header() };

async function startBackend() {
  const prod = new FakeAirflowTransport('prod', [
    { dagId: 'checkout', tags: [], runs: 3 },
  ]);
  const { server } = await startAirflowTestBackend({
    plugin: { transportFactory: () => prod },
    environments: [prodEnvironment],
    entities: [shop],
    services: [
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return { server, prod };
}

describe('createRouter', () => {
  it('answers 401 without a user token', async () => {
    const { server, prod } = await startBackend();
    for (const path of [
      '/api/airflow/environments',
      '/api/airflow/entities/default/component/shop/dags',
      `${dagBase}/checkout/runs`,
    ]) {
      const res = await request(server).get(path);
      expect(res.status).toBe(401);
    }
    expect(prod.calls).toHaveLength(0);
  });

  it('serves the environment overview without credentials in the body', async () => {
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/airflow/environments')
      .set(auth);
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
    const { server } = await startBackend();
    const res = await request(server)
      .get('/api/airflow/entities/default/component/shop/dags')
      .set(auth);
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/shop');
    expect(res.body.environments[0].dags[0]).toMatchObject({
      dagId: 'checkout',
      boundEntityRefs: ['component:default/shop'],
    });
    expect(res.body.environments[0].dags[0].latestRuns).toHaveLength(3);
  });

  it('serves runs, tasks and logs of a bound DAG', async () => {
    const { server } = await startBackend();
    const runs = await request(server)
      .get(`${dagBase}/checkout/runs?limit=2&state=success,failed`)
      .set(auth);
    expect(runs.status).toBe(200);
    expect(runs.body).toMatchObject({ totalEntries: 3, limit: 2, offset: 0 });
    const runId = encodeURIComponent(runs.body.items[0].runId);
    const tasks = await request(server)
      .get(`${dagBase}/checkout/runs/${runId}/tasks`)
      .set(auth);
    expect(tasks.status).toBe(200);
    const log = await request(server)
      .get(`${dagBase}/checkout/runs/${runId}/tasks/extract/logs/1?mapIndex=-1`)
      .set(auth);
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({ endOfLog: true });
  });

  it('serves the details of a bound DAG with its params', async () => {
    const { server, prod } = await startBackend();
    const res = await request(server)
      .get(`${dagBase}/checkout/details`)
      .set(auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      environment: 'prod',
      dagId: 'checkout',
      params: {
        region: { value: 'eu', schema: { type: 'string', enum: ['eu', 'us'] } },
      },
    });
    expect(prod.calls.map(c => c.path)).toContain('/dags/checkout/details');
    const unbound = await request(server)
      .get(`${dagBase}/payroll/details`)
      .set(auth);
    expect(unbound.status).toBe(404);
    const bad = await request(server)
      .get(`${dagBase}/bad%20dag/details`)
      .set(auth);
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
    ['/api/airflow/environments/1nvalid', 'environment'],
    ['/api/airflow/environments/prod/import-errors?limit=x', 'limit'],
  ])('answers 400 for %s before any upstream call', async (path, field) => {
    const { server, prod } = await startBackend();
    const res = await request(server).get(path).set(auth);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(field);
    expect(res.body.error.stack).toBeUndefined();
    expect(prod.calls).toHaveLength(0);
  });

  it('answers 404 for an unknown environment and an unbound DAG', async () => {
    const { server, prod } = await startBackend();
    const unknownEnv = await request(server)
      .get('/api/airflow/environments/staging')
      .set(auth);
    expect(unknownEnv.status).toBe(404);
    expect(unknownEnv.body.error.name).toBe('NotFoundError');
    const unknownEnvRuns = await request(server)
      .get(
        '/api/airflow/entities/default/component/shop/environments/staging/dags/checkout/runs',
      )
      .set(auth);
    expect(unknownEnvRuns.status).toBe(404);
    const unbound = await request(server)
      .get(`${dagBase}/payroll/runs`)
      .set(auth);
    expect(unbound.status).toBe(404);
    expect(prod.calls).toHaveLength(0);
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
    ['limit', undefined, 422],
  ])(
    'maps an upstream %s failure (%s) to %i',
    async (kind, status, expected) => {
      const { server, prod } = await startBackend();
      prod.failWith = new UpstreamError('Airflow environment "prod" failed', {
        environment: 'prod',
        kind,
        status,
        detail: 'DAG run not found',
      });
      const res = await request(server)
        .get(`${dagBase}/checkout/runs`)
        .set(auth);
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
});
