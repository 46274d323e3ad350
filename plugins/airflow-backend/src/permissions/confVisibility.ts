import {
  airflowDagTriggerPermission,
  type AirflowDagRun,
  type EntityDagsResponse,
} from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { AirflowAuthorizer, DagTarget } from './AirflowAuthorizer';

/**
 * Who sees a run's `conf` as Airflow has it: whoever may trigger the DAG
 * (`airflow.dag.trigger` on the `airflow-dag`), since they could have sent
 * it. Everyone else who may read the DAG's runs gets them without it.
 */
export class ConfVisibility {
  constructor(
    private readonly authorizer: Pick<AirflowAuthorizer, 'decideDags'>,
  ) {}

  /** Whether the caller may see the conf of each DAG's runs, in order; one permission request. */
  canSeeConf(
    credentials: BackstageCredentials,
    targets: DagTarget[],
  ): Promise<boolean[]> {
    return this.authorizer.decideDags(
      airflowDagTriggerPermission,
      targets,
      credentials,
    );
  }

  /** `runs` of one DAG, with `conf` only for a caller who may see it. */
  async runsOfDag<T extends AirflowDagRun>(
    credentials: BackstageCredentials,
    target: DagTarget,
    runs: T[],
  ): Promise<T[]> {
    const [visible] = await this.canSeeConf(credentials, [target]);
    return visible ? runs : runs.map(withoutConf);
  }

  /** An entity's DAGs, each DAG's latest runs with `conf` only where the caller may see it. */
  async entityDags(
    credentials: BackstageCredentials,
    response: EntityDagsResponse,
  ): Promise<EntityDagsResponse> {
    const targets = response.environments.flatMap(env =>
      env.dags.map(dag => ({
        environment: env.environment,
        dagId: dag.dagId,
        via: response.entityRef,
        dag,
      })),
    );
    const visible = await this.canSeeConf(credentials, targets);
    let index = 0;
    return {
      ...response,
      environments: response.environments.map(env => ({
        ...env,
        dags: env.dags.map(dag =>
          visible[index++]
            ? dag
            : { ...dag, latestRuns: dag.latestRuns.map(withoutConf) },
        ),
      })),
    };
  }
}

function withoutConf<T extends AirflowDagRun>(run: T): T {
  const { conf: _hidden, ...rest } = run;
  return rest as T;
}
