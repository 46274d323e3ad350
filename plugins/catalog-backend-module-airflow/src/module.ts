import { airflowInventoryServiceRef } from '@airflow-portal/plugin-airflow-node';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readProviderConfig } from './provider/config';
import { AirflowEntityProvider } from './provider/AirflowEntityProvider';

/**
 * Catalog module that publishes the Airflow environments (and, when
 * `catalog.providers.airflow.dags.enabled`, their DAGs) as Resources.
 *
 * @public
 */
export const catalogModuleAirflow = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'airflow',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        logger: coreServices.logger,
        inventory: airflowInventoryServiceRef,
      },
      async init({ catalog, config, scheduler, auth, logger, inventory }) {
        const settings = readProviderConfig(config);
        catalog.addEntityProvider(
          new AirflowEntityProvider({
            inventory,
            auth,
            logger,
            includeDags: settings.includeDags,
            taskRunner: scheduler.createScheduledTaskRunner(settings.schedule),
          }),
        );
      },
    });
  },
});
