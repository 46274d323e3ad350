import type { AirflowInventoryEnvironment } from '@airflow-portal/plugin-airflow-common';
import type { AirflowInventoryService } from '@airflow-portal/plugin-airflow-node';
import type {
  AuthService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { dagEntity, environmentEntity } from './toEntities';

export interface AirflowEntityProviderOptions {
  inventory: AirflowInventoryService;
  auth: AuthService;
  logger: LoggerService;
  /** Runs `refresh` on the configured schedule, once across replicas. */
  taskRunner: SchedulerServiceTaskRunner;
  /** Also publish every DAG as a Resource (`catalog.providers.airflow.dags.enabled`). */
  includeDags: boolean;
}

/**
 * Publishes the Airflow environments, and optionally their DAGs, as
 * Resources, each run replacing everything it published before (a full
 * mutation). The environments and DAGs come from the Airflow backend, asked
 * with this plugin's own service credentials: the provider never holds an
 * Airflow credential, and publishes only what the backend lets be seen.
 */
export class AirflowEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly options: AirflowEntityProviderOptions) {}

  getProviderName(): string {
    return 'airflow';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /**
   * Reads the inventory and replaces the published entities with it. When
   * the DAGs of any environment cannot be read, nothing is replaced: a full
   * mutation would delete that environment's DAG Resources until the next
   * run, and every component's view of them with it.
   */
  async refresh(): Promise<void> {
    const { connection } = this;
    if (!connection) {
      throw new Error('AirflowEntityProvider is not connected');
    }
    const { inventory, auth, logger, includeDags } = this.options;
    const { environments } = await inventory.getInventory({
      includeDags,
      credentials: await auth.getOwnServiceCredentials(),
    });
    const failed = environments.filter(environment => environment.error);
    if (includeDags && failed.length > 0) {
      throw new Error(
        `Airflow DAGs could not be read from ${failed
          .map(e => `"${e.name}" (${e.error?.message})`)
          .join(', ')}; the published entities are kept as they were`,
      );
    }
    const entities = environments.flatMap(environment =>
      this.entitiesOf(environment),
    );
    await connection.applyMutation({
      type: 'full',
      entities: entities.map(entity => ({
        entity,
        locationKey: `${this.getProviderName()}-provider`,
      })),
    });
    logger.info(
      `Published ${entities.length} Airflow entities from ${environments.length} environments`,
    );
  }

  private entitiesOf(environment: AirflowInventoryEnvironment): Entity[] {
    const { owner } = environment;
    if (!owner) {
      this.options.logger.warn(
        `Airflow environment "${environment.name}" has no owner (airflow.environments[].owner); it is not published to the catalog`,
      );
      return [];
    }
    return [
      environmentEntity(environment, owner),
      ...(this.options.includeDags
        ? (environment.dags ?? []).map(dag =>
            dagEntity(environment, dag, owner),
          )
        : []),
    ];
  }
}
