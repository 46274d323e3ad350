import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AirflowInventoryService } from './AirflowInventoryService';
import { DefaultAirflowInventoryService } from './DefaultAirflowInventoryService';

/**
 * The Airflow inventory for any backend plugin or module (the catalog's
 * entity provider, the search collator). A plugin-scoped service whose
 * default factory calls the Airflow backend over HTTP, as
 * `catalogServiceRef` does for the catalog: a module of another plugin can
 * depend on it, and the Airflow credentials stay in the Airflow backend.
 *
 * @public
 */
export const airflowInventoryServiceRef =
  createServiceRef<AirflowInventoryService>({
    id: 'airflow.inventory',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          auth: coreServices.auth,
          discovery: coreServices.discovery,
        },
        factory: ({ auth, discovery }) =>
          new DefaultAirflowInventoryService({ auth, discovery }),
      }),
  });
