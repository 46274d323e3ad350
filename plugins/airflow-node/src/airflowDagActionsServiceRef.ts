import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { AirflowDagActionsService } from './AirflowDagActionsService';
import { DefaultAirflowDagActionsService } from './DefaultAirflowDagActionsService';

/**
 * Trigger, pause and clear through the Airflow backend, for any backend
 * plugin's module (the scaffolder's template actions). Plugin-scoped, with a
 * default factory that calls the Airflow backend over HTTP, as
 * `airflowInventoryServiceRef` does: no Airflow credential leaves it.
 *
 * @public
 */
export const airflowDagActionsServiceRef =
  createServiceRef<AirflowDagActionsService>({
    id: 'airflow.dag-actions',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {
          auth: coreServices.auth,
          discovery: coreServices.discovery,
        },
        factory: ({ auth, discovery }) =>
          new DefaultAirflowDagActionsService({ auth, discovery }),
      }),
  });
