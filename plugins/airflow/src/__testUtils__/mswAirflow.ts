import { registerMswTestHooks } from '@backstage/test-utils';
import { setupServer } from 'msw/node';
import { AirflowClient } from '../api';

export const airflowBaseUrl = 'http://localhost:7007/api/airflow';

/**
 * A real AirflowClient against an msw server, so component tests cover the
 * requests sent and the backend's error bodies. Call at describe level.
 */
export function setupAirflowMsw() {
  const server = setupServer();
  registerMswTestHooks(server);
  const client = new AirflowClient({
    discoveryApi: { getBaseUrl: async () => airflowBaseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
  return { server, client };
}

/** The backend's error body, as Backstage's error handler writes it. */
export function errorBody(
  statusCode: number,
  error: { name: string; message: string; [key: string]: unknown },
) {
  return { error, response: { statusCode } };
}
