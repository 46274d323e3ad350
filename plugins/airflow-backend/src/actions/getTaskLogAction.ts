import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  assertRunId,
  dagIdField,
  dagRefOf,
  entityRefField,
  environmentField,
  runIdField,
  taskIdField,
} from './actionInputs';
import { logOutput, toLogOutput } from './actionOutputs';
import { userCredentialsOf } from './actionCaller';
import type { AirflowActionsDeps } from './AirflowActionsDeps';
import { readableEntity } from './readableEntity';

export const GET_TASK_LOG_ACTION = 'get-airflow-task-log';

/** One chunk of a task instance's log, as the log route answers it. */
export function registerGetTaskLogAction(
  registry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  registry.register({
    name: GET_TASK_LOG_ACTION,
    title: 'Get the log of an Airflow task',
    description: `
Reads the log of one try of a task instance of an Apache Airflow DAG run, a chunk at a time:
pass the continuationToken of an answer to read the next chunk, until endOfLog is true.
Needs the permission to read the DAG's task logs, besides seeing the DAG on the entity.
Secrets found in log lines are redacted.
Take entityRef, environment, dagId and runId from list-airflow-dags and get-airflow-dag-runs.
`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(z),
          environment: environmentField(z),
          dagId: dagIdField(z),
          runId: runIdField(z),
          taskId: taskIdField(z),
          tryNumber: z
            .number()
            .int()
            .min(1)
            .max(10000)
            .default(1)
            .describe('The try whose log to read; 1 is the first'),
          mapIndex: z
            .number()
            .int()
            .min(-1)
            .default(-1)
            .describe(
              'Index of a mapped task instance; -1 for an unmapped one',
            ),
          continuationToken: z
            .string()
            .min(1)
            .max(8192)
            .optional()
            .describe('The continuationToken of the previous answer'),
        }),
      output: z => logOutput(z),
    },
    action: async ({ input, credentials }) => {
      const user = userCredentialsOf(
        deps.auth,
        credentials,
        GET_TASK_LOG_ACTION,
      );
      assertRunId(input.runId);
      const ref = dagRefOf(input);
      const known = await readableEntity(deps, ref.entity, user);
      await deps.authorizer.readLogs(
        {
          environment: ref.environment,
          dagId: ref.dagId,
          via: stringifyEntityRef(ref.entity),
        },
        user,
      );
      deps.service.assertEnvironment(ref.environment);
      const chunk = await deps.service.getTaskLog(
        { ...ref, known },
        {
          runId: input.runId,
          taskId: input.taskId,
          tryNumber: input.tryNumber,
          mapIndex: input.mapIndex,
          token: input.continuationToken,
        },
        user,
      );
      return { output: toLogOutput(chunk) };
    },
  });
}
