import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { DefaultAirflowInventoryService } from './DefaultAirflowInventoryService';

const answer = { environments: [{ name: 'data-prod' }] };

function serviceWith(response: Response) {
  const calls: Array<{ url: string; authorization: string | null }> = [];
  const service = new DefaultAirflowInventoryService({
    auth: mockServices.auth(),
    discovery: mockServices.discovery(),
    fetch: async (url, init) => {
      calls.push({
        url: String(url),
        authorization: new Headers(init?.headers).get('authorization'),
      });
      return response;
    },
  });
  return { service, calls };
}

describe('DefaultAirflowInventoryService', () => {
  it('asks the Airflow backend with a token for it, on behalf of the given credentials', async () => {
    const { service, calls } = serviceWith(Response.json(answer));
    const credentials = mockCredentials.service('plugin:catalog');
    await expect(
      service.getInventory({ includeDags: true, credentials }),
    ).resolves.toEqual(answer);
    expect(calls).toEqual([
      {
        url: 'http://localhost:0/api/airflow/inventory?includeDags=true',
        authorization: mockCredentials.service.header({
          onBehalfOf: credentials,
          targetPluginId: 'airflow',
        }),
      },
    ]);
  });

  it('asks without the DAGs unless told to', async () => {
    const { service, calls } = serviceWith(Response.json(answer));
    await service.getInventory({ credentials: mockCredentials.service() });
    expect(calls.map(c => c.url)).toEqual([
      'http://localhost:0/api/airflow/inventory',
    ]);
  });

  it('fails with the backend’s error', async () => {
    const { service } = serviceWith(
      Response.json(
        {
          error: { name: 'NotAllowedError', message: 'no' },
          request: { method: 'GET', url: '/inventory' },
          response: { statusCode: 403 },
        },
        { status: 403 },
      ),
    );
    await expect(
      service.getInventory({ credentials: mockCredentials.service() }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});
