import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  assertRunId,
  dagIdField,
  dagRefOf,
  entityRefField,
  environmentField,
  rawParamsOf,
  requestIdField,
  runIdField,
  taskIdField,
} from './actionInputs';
import {
  affectedTaskInstanceOutput,
  runOutput,
  toAffectedTaskInstanceOutput,
  toRunOutput,
} from './actionOutputs';
import { operationCallerOf } from './actionCaller';
import type { AirflowActionsDeps } from './AirflowActionsDeps';

export const CLEAR_DAG_RUN_ACTION = 'clear-airflow-dag-run';

/**
 * Clears a run (or some of its task instances) so that Airflow runs them
 * again, through RunOperations.clear as the clear route does:
 * `airflow.dag.clear` on the DAG, an audit record (`run.clear` /
 * `task.clear`) whatever happens, and one clear per requestId.
 */
export function registerClearDagRunAction(
  registry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  registry.register({
    name: CLEAR_DAG_RUN_ACTION,
    title: 'Clear an Airflow DAG run',
    description: `
Clears a run of an Apache Airflow DAG bound to a catalog entity, as the calling user, so that Airflow runs its task
instances again: all of them, only the failed ones (onlyFailed, "retry failed"), or the given taskIds
(optionally with their upstream or downstream tasks). Their previous state is replaced and the tasks run again:
confirm with the user first.
Allowed only if the user may clear this DAG's runs; every attempt is written to the portal's audit trail under the user's name.
The same requestId again answers what the first call did without clearing again.
Take entityRef, environment, dagId and runId from list-airflow-dags and get-airflow-dag-runs.
`,
    // Task states are replaced and tasks run again. Idempotent per requestId.
    attributes: { readOnly: false, destructive: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(z),
          environment: environmentField(z),
          dagId: dagIdField(z),
          runId: runIdField(z),
          requestId: requestIdField(z),
          taskIds: z
            .array(taskIdField(z))
            .min(1)
            .max(100)
            .optional()
            .describe('The tasks to clear; absent clears the whole run'),
          onlyFailed: z
            .boolean()
            .optional()
            .describe('Only failed and upstream_failed task instances'),
          includeUpstream: z.boolean().optional(),
          includeDownstream: z.boolean().optional(),
        }),
      output: z =>
        z.object({
          environment: z.string(),
          dagId: z.string(),
          runId: z.string(),
          taskInstances: z
            .array(affectedTaskInstanceOutput(z))
            .describe('The task instances cleared'),
          run: runOutput(z).optional(),
          deduplicated: z
            .boolean()
            .describe(
              'True when this requestId had cleared already: nothing was sent to Airflow again',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = operationCallerOf(
        deps.auth,
        credentials,
        CLEAR_DAG_RUN_ACTION,
      );
      const { requestId, taskIds, onlyFailed } = input;
      const clear = {
        requestId,
        taskIds,
        onlyFailed,
        includeUpstream: input.includeUpstream,
        includeDownstream: input.includeDownstream,
      };
      let ref;
      try {
        assertRunId(input.runId);
        deps.service.assertEnvironment(input.environment);
        ref = { ...dagRefOf(input), runId: input.runId };
      } catch (error) {
        return deps.runOperations.reject(
          caller,
          'clear',
          { ...rawParamsOf(input), runId: input.runId },
          clear,
          error as Error,
        );
      }
      const result = await deps.runOperations.clear(caller, ref, clear);
      return {
        output: {
          environment: result.environment,
          dagId: result.dagId,
          runId: result.runId,
          taskInstances: result.taskInstances.map(toAffectedTaskInstanceOutput),
          run: result.run ? toRunOutput(result.run) : undefined,
          deduplicated: result.deduplicated,
        },
      };
    },
  });
}
