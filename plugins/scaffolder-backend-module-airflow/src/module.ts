import { airflowDagActionsServiceRef } from '@airflow-portal/plugin-airflow-node';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createClearRunAction } from './actions/createClearRunAction';
import { createPauseDagAction } from './actions/createPauseDagAction';
import { createTriggerDagAction } from './actions/createTriggerDagAction';

/**
 * The Airflow template actions: `airflow:dag:trigger`, `airflow:dag:pause`
 * and `airflow:dag:clear`. Each calls the Airflow backend on behalf of the
 * user who runs the template, through `airflowDagActionsServiceRef`.
 *
 * @public
 */
export const scaffolderModuleAirflow = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'airflow',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        actions: airflowDagActionsServiceRef,
      },
      async init({ scaffolder, actions }) {
        scaffolder.addActions(
          createTriggerDagAction({ actions }),
          createPauseDagAction({ actions }),
          createClearRunAction({ actions }),
        );
      },
    });
  },
});
