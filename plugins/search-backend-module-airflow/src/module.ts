import { airflowInventoryServiceRef } from '@airflow-portal/plugin-airflow-node';
import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { AirflowDagCollatorFactory } from './collator/AirflowDagCollatorFactory';

/** Every 10 minutes, as the catalog collator: DAGs change less often than runs. */
const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 3 },
};

/**
 * Search module that indexes the Airflow DAGs bound to catalog entities
 * (document type `airflow-dag`).
 *
 * @public
 */
export const searchModuleAirflow = createBackendModule({
  pluginId: 'search',
  moduleId: 'airflow-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        inventory: airflowInventoryServiceRef,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        scheduler,
        auth,
        catalog,
        inventory,
        indexRegistry,
      }) {
        const schedule = config.has('search.collators.airflow.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('search.collators.airflow.schedule'),
            )
          : DEFAULT_SCHEDULE;
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new AirflowDagCollatorFactory({ inventory, catalog, auth }),
        });
      },
    });
  },
});
