import { airflowDagTriggerPermission } from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { AirflowAuthorizer } from './AirflowAuthorizer';

/**
 * Who sees a run's `conf` as Airflow has it: whoever may trigger the DAG
 * (`airflow.dag.trigger` on the `airflow-dag`), since they could have sent
 * it. Everyone else who may read the DAG's runs gets it redacted.
 */
/** A DAG whose runs a reader is about to see, through the entity of the request. */
export interface ConfTarget {
  entityRef: string;
  environment: string;
  dagId: string;
}

/**
 * Fits the read service's `ConfVisibility` by shape: permissions/ sits below
 * service/ on the data path and does not import it.
 */
export class DagConfVisibility {
  private authorizer?: Pick<AirflowAuthorizer, 'decideDagsToRead'>;

  /**
   * The authorizer is built on the read service this visibility serves, so
   * it arrives after construction; until then every conf stays redacted.
   */
  decideWith(authorizer: Pick<AirflowAuthorizer, 'decideDagsToRead'>): this {
    this.authorizer = authorizer;
    return this;
  }

  /** One permission decision for all targets (the caller's recent one, if any). */
  async canSeeConf(
    credentials: BackstageCredentials,
    targets: ConfTarget[],
  ): Promise<boolean[]> {
    if (!this.authorizer) {
      throw new Error('No authorizer yet: conf stays redacted');
    }
    return this.authorizer.decideDagsToRead(
      airflowDagTriggerPermission,
      targets.map(({ entityRef, environment, dagId }) => ({
        environment,
        dagId,
        via: entityRef,
      })),
      credentials,
    );
  }
}
