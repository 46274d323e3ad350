import type {
  AirflowInventoryDag,
  AirflowInventoryEnvironment,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AirflowInventoryRequest,
  AirflowInventoryService,
} from '@airflow-portal/plugin-airflow-node';

/**
 * An environment as the inventory lists it, with defaults for what a test leaves out.
 *
 * @public
 */
export function inventoryEnvironment(
  overrides: Partial<AirflowInventoryEnvironment> & { name: string },
): AirflowInventoryEnvironment {
  return {
    title: overrides.name,
    tags: [],
    production: false,
    transport: 'jwt',
    ...overrides,
  };
}

/**
 * A DAG as the inventory lists it, with defaults for what a test leaves out.
 *
 * @public
 */
export function inventoryDag(
  overrides: Partial<AirflowInventoryDag> & {
    environment: string;
    dagId: string;
  },
): AirflowInventoryDag {
  return {
    displayName: overrides.dagId,
    isPaused: false,
    isActive: true,
    owners: [],
    tags: [],
    hasImportErrors: false,
    ownerRefs: [],
    ...overrides,
  };
}

/**
 * The Airflow backend's inventory as a fake: answers what it is given, with
 * DAGs only when asked for them, and remembers each request. Install it in
 * place of the default with a service factory of
 * airflowInventoryServiceRef whose factory returns it.
 *
 * @public
 */
export class FakeAirflowInventory implements AirflowInventoryService {
  readonly requests: AirflowInventoryRequest[] = [];

  constructor(public environments: AirflowInventoryEnvironment[]) {}

  async getInventory(request: AirflowInventoryRequest) {
    this.requests.push(request);
    return {
      environments: this.environments.map(({ dags, ...environment }) =>
        request.includeDags ? { ...environment, dags } : environment,
      ),
    };
  }
}
