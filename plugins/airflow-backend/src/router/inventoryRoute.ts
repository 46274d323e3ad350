import type { AirflowInventoryResponse } from '@airflow-portal/plugin-airflow-common';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import type { AirflowInventory } from '../service/AirflowInventory';

type HttpRequest = Parameters<HttpAuthService['credentials']>[0];

/**
 * `GET /inventory`: the one route other backend plugins call with their
 * service token (the catalog's entity provider, the search collator), and
 * users may call too; served ahead of the users-only guard. The caller, user
 * or service, needs `airflow.inventory.read`.
 */
export function inventoryReader(options: {
  httpAuth: HttpAuthService;
  authorizer: AirflowAuthorizer;
  inventory: AirflowInventory;
}) {
  const { httpAuth, authorizer, inventory } = options;
  return async (
    req: HttpRequest,
    includeDags: boolean,
  ): Promise<AirflowInventoryResponse> => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await authorizer.readInventory(credentials);
    return inventory.read(includeDags);
  };
}
