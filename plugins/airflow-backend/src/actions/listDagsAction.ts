import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { entityOf, entityRefField } from './actionInputs';
import {
  environmentDagsOutput,
  toEnvironmentDagsOutput,
} from './actionOutputs';
import { userCredentialsOf } from './actionCaller';
import type { AirflowActionsDeps } from './AirflowActionsDeps';
import { readableEntity } from './readableEntity';

export const LIST_DAGS_ACTION = 'list-airflow-dags';

/** The DAGs an entity's Airflow tab shows, with their latest runs, per environment. */
export function registerListDagsAction(
  registry: ActionsRegistryService,
  deps: AirflowActionsDeps,
) {
  registry.register({
    name: LIST_DAGS_ACTION,
    title: 'List Airflow DAGs of an entity',
    description: `
Lists the Apache Airflow DAGs bound to a catalog entity (a component, a resource, or a group: then the DAGs of everything it owns),
per Airflow environment, with each DAG's schedule, paused state, owners, tags and latest runs.
This is what the entity's Airflow tab shows, as the calling user may see it.
Use it first: the environment and DAG ids it answers are what the other Airflow actions take.
An environment that cannot be reached answers with an error; the others still answer.
`,
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({ entityRef: entityRefField(z) }),
      output: z =>
        z.object({
          entityRef: z.string(),
          environments: z.array(environmentDagsOutput(z)),
        }),
    },
    action: async ({ input, credentials }) => {
      const user = userCredentialsOf(deps.auth, credentials, LIST_DAGS_ACTION);
      const entity = entityOf(input.entityRef);
      const known = await readableEntity(deps, entity, user);
      const response = await deps.service.getEntityDags(entity, user, known);
      return {
        output: {
          entityRef: response.entityRef,
          environments: response.environments.map(toEnvironmentDagsOutput),
        },
      };
    },
  });
}
