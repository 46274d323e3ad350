import { DefaultAirflowDagActionsService } from '@airflow-portal/plugin-airflow-node';
import { mockServices } from '@backstage/backend-test-utils';
import { http, HttpResponse, type JsonBodyType } from 'msw';
import type { SetupServer } from 'msw/node';

/** Where `mockServices.discovery()` puts the Airflow backend. */
export const AIRFLOW_BASE = 'http://localhost:0/api/airflow';
export const DAG_PATH =
  '/entities/default/component/orders-service/environments/legacy-etl/dags/orders_daily_load';

export const target = {
  entityRef: 'component:default/orders-service',
  environment: 'legacy-etl',
  dagId: 'orders_daily_load',
};

/** One request the Airflow backend received, as the tests compare it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  authorization: string | null;
  originRef: string | null;
  body?: unknown;
}

/** The client the module uses by default, against msw. */
export function actionsService() {
  const auth = mockServices.auth();
  return {
    auth,
    actions: new DefaultAirflowDagActionsService({
      auth,
      discovery: mockServices.discovery(),
    }),
  };
}

/** The Backstage error body the Airflow backend answers with. */
export function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );
}

/**
 * Answers every request to the Airflow backend with `answer` and records it.
 * `answer` sees the request (path without the base, parsed body).
 */
export function fakeAirflowBackend(
  server: SetupServer,
  answer: (request: ReceivedRequest) => Response | JsonBodyType,
) {
  const received: ReceivedRequest[] = [];
  server.use(
    http.all(`${AIRFLOW_BASE}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const text = await request.text();
      const entry: ReceivedRequest = {
        method: request.method,
        path:
          decodeURIComponent(url.pathname).slice('/api/airflow'.length) +
          url.search,
        authorization: request.headers.get('authorization'),
        originRef: request.headers.get('x-airflow-origin-ref'),
        ...(text ? { body: JSON.parse(text) } : {}),
      };
      received.push(entry);
      const result = answer(entry);
      return result instanceof Response ? result : HttpResponse.json(result);
    }),
  );
  return received;
}
