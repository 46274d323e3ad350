import { ResponseError } from '@backstage/errors';
import { registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { dataProd, ordersDags } from '../testing/fixtures';
import { AirflowClient } from './AirflowClient';

const baseUrl = 'http://localhost:7007/api/airflow';

describe('AirflowClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const requests: Request[] = [];
  const client = new AirflowClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    // Stands in for the app's FetchApi, which attaches the user's token.
    fetchApi: {
      fetch: (input, init) => {
        const request = new Request(input, init);
        request.headers.set('Authorization', 'Bearer user-token');
        return fetch(request);
      },
    },
  });

  beforeEach(() => {
    requests.length = 0;
    server.events.on('request:start', ({ request }) => {
      requests.push(request);
    });
  });

  afterEach(() => server.events.removeAllListeners());

  it('reads the environments with the user token', async () => {
    server.use(
      http.get(`${baseUrl}/environments`, () =>
        HttpResponse.json({ environments: [dataProd] }),
      ),
    );
    await expect(client.listEnvironments()).resolves.toEqual({
      environments: [dataProd],
    });
    expect(requests[0].headers.get('Authorization')).toBe('Bearer user-token');
  });

  it('builds entity routes from refs, lower-casing kind and namespace', async () => {
    server.use(
      http.get(`${baseUrl}/entities/:namespace/:kind/:name/dags`, () =>
        HttpResponse.json(ordersDags),
      ),
    );
    await client.getEntityDags('Component:Default/orders-service');
    await client.getEntityDags({
      kind: 'Group',
      namespace: 'default',
      name: 'team-data',
    });
    expect(requests.map(request => request.url)).toEqual([
      `${baseUrl}/entities/default/component/orders-service/dags`,
      `${baseUrl}/entities/default/group/team-data/dags`,
    ]);
  });

  it('encodes ids and passes paging, state and log tokens as query', async () => {
    server.use(http.get(`${baseUrl}/*`, () => HttpResponse.json({})));
    const dagRef = {
      entityRef: 'component:default/orders-service',
      environment: 'data-prod',
      dagId: 'orders_daily_load',
    };
    const runId = 'scheduled__2025-05-31T00:00:00+00:00';

    await client.listImportErrors('legacy-etl', { limit: 10, offset: 20 });
    await client.listDagRuns({ ...dagRef, limit: 5, state: 'failed' });
    await client.listTaskInstances({ ...dagRef, runId });
    await client.getTaskLog({
      ...dagRef,
      runId,
      taskId: 'extract',
      tryNumber: 2,
      mapIndex: -1,
      token: 'next/chunk',
    });
    await client.getEnvironment('data prod');

    const dagPath = `${baseUrl}/entities/default/component/orders-service/environments/data-prod/dags/orders_daily_load`;
    const encodedRunId = 'scheduled__2025-05-31T00%3A00%3A00%2B00%3A00';
    expect(requests.map(request => request.url)).toEqual([
      `${baseUrl}/environments/legacy-etl/import-errors?limit=10&offset=20`,
      `${dagPath}/runs?limit=5&state=failed`,
      `${dagPath}/runs/${encodedRunId}/tasks`,
      `${dagPath}/runs/${encodedRunId}/tasks/extract/logs/2?mapIndex=-1&token=next%2Fchunk`,
      `${baseUrl}/environments/data%20prod`,
    ]);
  });

  it('sends actions as JSON and audit filters as query', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.all(`${baseUrl}/*`, async ({ request }) => {
        if (request.method !== 'GET') {
          bodies.push(await request.json());
        }
        return HttpResponse.json({});
      }),
    );
    const dagRef = {
      entityRef: 'component:default/orders-service',
      environment: 'data-prod',
      dagId: 'orders_daily_load',
    };
    const trigger = {
      conf: { region: 'eu' },
      logicalDate: null,
      note: 'rerun',
      requestId: '6f1c2e0a-1b2c-4d5e-8f90-123456789abc',
    };
    await client.getDagDetails(dagRef);
    await client.triggerDagRun(dagRef, trigger);
    await client.setDagPaused(dagRef, true);
    await client.listAuditRecords({
      dagId: 'orders_daily_load',
      outcome: 'denied',
      from: '2025-06-01T00:00:00.000Z',
      cursor: 'c/1',
      limit: 10,
    });

    const dagPath = `${baseUrl}/entities/default/component/orders-service/environments/data-prod/dags/orders_daily_load`;
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `GET ${dagPath}/details`,
      `POST ${dagPath}/runs`,
      `PATCH ${dagPath}`,
      `GET ${baseUrl}/audit?dagId=orders_daily_load&outcome=denied&from=2025-06-01T00%3A00%3A00.000Z&cursor=c%2F1&limit=10`,
    ]);
    expect(requests[1].headers.get('Content-Type')).toBe('application/json');
    expect(requests[1].headers.get('Authorization')).toBe('Bearer user-token');
    expect(bodies).toEqual([trigger, { isPaused: true }]);
  });

  it("surfaces the backend's error with Airflow's status and detail", async () => {
    server.use(
      http.get(`${baseUrl}/environments/legacy-etl`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'UpstreamError',
              message: 'Airflow request failed',
              upstreamStatus: 403,
              detail: 'Forbidden',
            },
            response: { statusCode: 502 },
          },
          { status: 502 },
        ),
      ),
    );

    const error = await client.getEnvironment('legacy-etl').catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(502);
    expect(error.body.error).toMatchObject({
      name: 'UpstreamError',
      upstreamStatus: 403,
      detail: 'Forbidden',
    });
  });
});
