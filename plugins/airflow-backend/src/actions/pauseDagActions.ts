import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  dagIdField,
  dagRefOf,
  entityRefField,
  environmentField,
  rawParamsOf,
} from './actionInputs';
import { dagOutput, toDagOutput } from './actionOutputs';
import { operationCallerOf } from './actionCaller';
import type { AirflowActionsDeps } from './AirflowActionsDeps';

export const PAUSE_DAG_ACTION = 'pause-airflow-dag';
export const UNPAUSE_DAG_ACTION = 'unpause-airflow-dag';

/**
 * Pause and unpause as two actions, so that each says honestly what it
 * does: pausing only stops new runs from being scheduled (running tasks go
 * on, nothing is lost, unpausing undoes it); unpausing lets the scheduler
 * start runs again, a DAG with catchup all the runs it missed. Both set a
 * flag, so asking twice changes nothing more. Both go through
 * DagOperations.setPaused: `airflow.dag.pause` on the DAG, and an audit
 * record (`dag.pause` / `dag.unpause`) whatever happens.
 */
export function registerPauseDagActions(
  registry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  const register = (options: {
    name: string;
    title: string;
    description: string;
    isPaused: boolean;
    destructive: boolean;
  }) =>
    registry.register({
      name: options.name,
      title: options.title,
      description: options.description,
      attributes: {
        readOnly: false,
        destructive: options.destructive,
        idempotent: true,
      },
      schema: {
        input: z =>
          z.object({
            entityRef: entityRefField(z),
            environment: environmentField(z),
            dagId: dagIdField(z),
          }),
        output: z => z.object({ dag: dagOutput(z) }),
      },
      action: async ({ input, credentials }) => {
        const caller = operationCallerOf(deps.auth, credentials, options.name);
        let ref;
        try {
          deps.service.assertEnvironment(input.environment);
          ref = dagRefOf(input);
        } catch (error) {
          return deps.operations.rejectSetPaused(
            caller,
            rawParamsOf(input),
            options.isPaused,
            error as Error,
          );
        }
        const dag = await deps.operations.setPaused(
          caller,
          ref,
          options.isPaused,
        );
        return { output: { dag: toDagOutput(dag) } };
      },
    });

  register({
    name: PAUSE_DAG_ACTION,
    title: 'Pause an Airflow DAG',
    description: `
Pauses an Apache Airflow DAG bound to a catalog entity, as the calling user: the scheduler starts no new runs of it
until it is unpaused; runs already going on continue.
Allowed only if the user may pause this DAG; every attempt is written to the portal's audit trail under the user's name.
Take entityRef, environment and dagId from list-airflow-dags.
`,
    isPaused: true,
    destructive: false,
  });

  register({
    name: UNPAUSE_DAG_ACTION,
    title: 'Unpause an Airflow DAG',
    description: `
Unpauses an Apache Airflow DAG bound to a catalog entity, as the calling user: the scheduler starts its runs again,
and a DAG with catchup starts every run it missed while paused. Confirm with the user before unpausing.
Allowed only if the user may pause this DAG; every attempt is written to the portal's audit trail under the user's name.
Take entityRef, environment and dagId from list-airflow-dags.
`,
    isPaused: false,
    destructive: true,
  });
}
