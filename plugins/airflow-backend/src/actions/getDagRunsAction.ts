import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  dagIdField,
  dagRefOf,
  entityRefField,
  environmentField,
} from './actionInputs';
import { runOutput, toRunOutput } from './actionOutputs';
import { userCredentialsOf } from './actionCaller';
import type { AirflowActionsDeps } from './AirflowActionsDeps';
import { readableEntity } from './readableEntity';

export const GET_DAG_RUNS_ACTION = 'get-airflow-dag-runs';

/** A page of a bound DAG's runs, newest first, as the runs route answers it. */
export function registerGetDagRunsAction(
  registry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  registry.register({
    name: GET_DAG_RUNS_ACTION,
    title: 'Get runs of an Airflow DAG',
    description: `
Gets the runs of an Apache Airflow DAG bound to a catalog entity, newest first, optionally only those in some states:
each run's id, state, type, logical date, start and end, note and a link to it in the Airflow UI.
Run confs are answered with secret-looking values redacted.
Take entityRef, environment and dagId from list-airflow-dags.
`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          entityRef: entityRefField(z),
          environment: environmentField(z),
          dagId: dagIdField(z),
          states: z
            .array(z.enum(['queued', 'running', 'success', 'failed']))
            .optional()
            .describe('Only runs in these states'),
          limit: z.number().int().min(1).max(100).default(25),
          offset: z.number().int().min(0).default(0),
        }),
      output: z =>
        z.object({
          runs: z.array(runOutput(z)),
          totalEntries: z.number(),
          offset: z.number(),
          limit: z.number(),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = userCredentialsOf(
        deps.auth,
        credentials,
        GET_DAG_RUNS_ACTION,
      );
      const ref = dagRefOf(input);
      const known = await readableEntity(deps, ref.entity, user);
      deps.service.assertEnvironment(ref.environment);
      const page = await deps.service.listDagRuns(
        { ...ref, known },
        { limit: input.limit, offset: input.offset, states: input.states },
        user,
      );
      return {
        output: {
          runs: page.items.map(toRunOutput),
          totalEntries: page.totalEntries,
          offset: page.offset,
          limit: page.limit,
        },
      };
    },
  });
}
