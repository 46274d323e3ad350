import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { withActionErrors } from './actionErrors';
import type { AirflowActionsDeps } from './AirflowActionsDeps';
import { registerClearDagRunAction } from './clearDagRunAction';
import { registerGetDagRunsAction } from './getDagRunsAction';
import { registerGetTaskLogAction } from './getTaskLogAction';
import { registerListDagsAction } from './listDagsAction';
import { registerPauseDagActions } from './pauseDagActions';
import { registerTriggerDagAction } from './triggerDagAction';

/**
 * The plugin's actions in Backstage's actions registry (`airflow:<name>`),
 * which `@backstage/plugin-mcp-actions-backend` serves as MCP tools and
 * other plugins can call through the actions service. Each acts with the
 * caller's credentials: reads through the service and the permission
 * checks of the routes, writes through the operations and their audit trail.
 */
export function registerAirflowActions(
  actionsRegistry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  const registry = answeringBackstageErrors(actionsRegistry);
  registerListDagsAction(registry, deps);
  registerGetDagRunsAction(registry, deps);
  registerGetTaskLogAction(registry, deps);
  registerTriggerDagAction(registry, deps);
  registerPauseDagActions(registry, deps);
  registerClearDagRunAction(registry, deps);
}

/** `registry`, with every action's failures answered as Backstage errors (see withActionErrors). */
function answeringBackstageErrors(
  registry: ActionsRegistryService,
): ActionsRegistryService {
  return {
    register(options) {
      registry.register({
        ...options,
        action: context =>
          withActionErrors(context.logger, () => options.action(context)),
      });
    },
  };
}
