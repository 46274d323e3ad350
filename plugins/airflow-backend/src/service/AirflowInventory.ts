import type {
  AirflowDag,
  AirflowInventoryEnvironment,
  AirflowInventoryResponse,
} from '@airflow-portal/plugin-airflow-common';
import type { EnvironmentConfig } from '../config/types';
import type { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { toErrorInfo } from '../transport/errors';
import type { AirflowService } from './AirflowService';

/** The catalog refs a DAG's owners map to in its environment (see permissions/dagOwnerRefs.ts). */
export type DagOwnerRefsOf = (
  environment: EnvironmentConfig,
  dag: AirflowDag,
) => string[];

/**
 * What `GET /inventory` lists for the catalog's entity provider and the
 * search collator: each environment's summary (never its connection or
 * credentials) with the version its cached status reports, and on request
 * every DAG with its owners as catalog refs. Environments are read
 * concurrently and fail on their own: a failed DAG list is an `error`, so a
 * caller can tell "no DAGs" from "not known now".
 */
export class AirflowInventory {
  constructor(
    private readonly options: {
      environments: EnvironmentRegistry;
      service: AirflowService;
      ownerRefsOf: DagOwnerRefsOf;
    },
  ) {}

  async read(includeDags: boolean): Promise<AirflowInventoryResponse> {
    const { environments, service, ownerRefsOf } = this.options;
    return {
      environments: await Promise.all(
        environments.list().map(async environment => {
          const [status, dags] = await Promise.all([
            service.getEnvironment(environment.name),
            includeDags
              ? service.listEnvironmentDags(environment.name).then(
                  found => ({ found }),
                  error => ({ error: toErrorInfo(error) }),
                )
              : undefined,
          ]);
          const entry: AirflowInventoryEnvironment = {
            ...environment.summary,
            apiVersion: status.apiVersion,
            version: status.version,
          };
          if (dags && 'found' in dags) {
            entry.dags = dags.found.map(dag => ({
              ...dag,
              ownerRefs: ownerRefsOf(environment.config, dag),
            }));
          } else if (dags) {
            entry.error = dags.error;
          }
          return entry;
        }),
      ),
    };
  }
}
