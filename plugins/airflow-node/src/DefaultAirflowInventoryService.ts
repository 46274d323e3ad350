import type { AirflowInventoryResponse } from '@airflow-portal/plugin-airflow-common';
import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AirflowInventoryRequest,
  AirflowInventoryService,
} from './AirflowInventoryService';

/** The plugin id of the Airflow backend, which serves `GET /inventory`. */
const AIRFLOW_PLUGIN_ID = 'airflow';

/**
 * Reads the inventory from the Airflow backend over HTTP, with a token
 * issued for the Airflow plugin on behalf of the given credentials: the same
 * way `@backstage/plugin-catalog-node`'s catalog service reaches the catalog.
 *
 * @public
 */
export class DefaultAirflowInventoryService implements AirflowInventoryService {
  constructor(
    private readonly options: {
      auth: AuthService;
      discovery: DiscoveryService;
      /** Replaces the global fetch (tests). */
      fetch?: typeof fetch;
    },
  ) {}

  async getInventory(
    request: AirflowInventoryRequest,
  ): Promise<AirflowInventoryResponse> {
    const { auth, discovery } = this.options;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl(AIRFLOW_PLUGIN_ID),
      auth.getPluginRequestToken({
        onBehalfOf: request.credentials,
        targetPluginId: AIRFLOW_PLUGIN_ID,
      }),
    ]);
    const query = request.includeDags ? '?includeDags=true' : '';
    const response = await (this.options.fetch ?? fetch)(
      `${baseUrl}/inventory${query}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as AirflowInventoryResponse;
  }
}
