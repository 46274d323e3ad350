import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { DefaultAirflowDagActionsService } from './DefaultAirflowDagActionsService';

const target = {
  entityRef: 'component:default/orders-service',
  environment: 'legacy-etl',
  dagId: 'orders_daily_load',
};
const DAG_URL =
  'http://localhost:0/api/airflow/entities/default/component/orders-service/environments/legacy-etl/dags/orders_daily_load';

function serviceAnswering(response: () => Response) {
  const calls: Array<{
    url: string;
    method?: string;
    headers: Record<string, string>;
    body?: unknown;
  }> = [];
  const auth = mockServices.auth();
  const service = new DefaultAirflowDagActionsService({
    auth,
    discovery: mockServices.discovery(),
    fetch: async (url, init) => {
      calls.push({
        url: String(url),
        method: init?.method,
        headers: Object.fromEntries(new Headers(init?.headers).entries()),
        body: init?.body ? JSON.parse(String(init.body)) : undefined,
      });
      return response();
    },
  });
  return { service, calls, auth };
}

describe('DefaultAirflowDagActionsService', () => {
  const credentials = mockCredentials.user('user:default/alice');

  it('triggers through the Airflow backend on behalf of the user, with the origin’s reference', async () => {
    const { service, calls, auth } = serviceAnswering(() =>
      Response.json({ runId: 'manual__1' }),
    );
    await expect(
      service.triggerDagRun({
        credentials,
        originRef: 'task:42',
        target,
        requestId: 'r-1',
        conf: { date: '2026-11-01' },
      }),
    ).resolves.toEqual({ runId: 'manual__1' });
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'airflow',
    });
    expect(calls).toEqual([
      {
        url: `${DAG_URL}/runs`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-airflow-origin-ref': 'task:42',
        },
        body: { requestId: 'r-1', conf: { date: '2026-11-01' } },
      },
    ]);
  });

  it('encodes the run id in the clear routes and reads runs without a body', async () => {
    const { service, calls } = serviceAnswering(() => Response.json({}));
    const request = {
      credentials,
      target,
      runId: 'manual__2026-11-01T00:00:00+00:00',
    };
    await service.previewClear({ ...request, options: { onlyFailed: true } });
    await service.clear({ ...request, requestId: 'r-2' });
    await service.listDagRuns({ credentials, target, limit: 100 });
    expect(calls.map(c => [c.method, c.url, c.body])).toEqual([
      [
        'POST',
        `${DAG_URL}/runs/manual__2026-11-01T00%3A00%3A00%2B00%3A00/clear/preview`,
        { onlyFailed: true },
      ],
      [
        'POST',
        `${DAG_URL}/runs/manual__2026-11-01T00%3A00%3A00%2B00%3A00/clear`,
        { requestId: 'r-2' },
      ],
      ['GET', `${DAG_URL}/runs?limit=100`, undefined],
    ]);
    expect(calls[2].headers['x-airflow-origin-ref']).toBeUndefined();
  });

  it('fails with the backend’s error', async () => {
    const { service } = serviceAnswering(() =>
      Response.json(
        {
          error: { name: 'NotAllowedError', message: 'denied' },
          request: { method: 'PATCH', url: '/' },
          response: { statusCode: 403 },
        },
        { status: 403 },
      ),
    );
    await expect(
      service.setDagPaused({ credentials, target, isPaused: true }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});
