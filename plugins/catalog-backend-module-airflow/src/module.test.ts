import { airflowInventoryServiceRef } from '@airflow-portal/plugin-airflow-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  catalogProcessingExtensionPoint,
  type EntityProvider,
} from '@backstage/plugin-catalog-node';
import {
  FakeAirflowInventory,
  inventoryEnvironment,
} from '@airflow-portal/plugin-airflow-node/testUtils';
import { catalogModuleAirflow } from './module';

async function startWith(config: object) {
  const providers: EntityProvider[] = [];
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: jest.fn(() => ({
      run: async (task: SchedulerServiceTaskInvocationDefinition) =>
        void tasks.push(task),
    })),
  });
  const inventory = new FakeAirflowInventory([
    inventoryEnvironment({ name: 'data-prod', owner: 'group:default/data' }),
  ]);
  await startTestBackend({
    extensionPoints: [
      [
        catalogProcessingExtensionPoint,
        {
          addEntityProvider: (...added: any[]) =>
            providers.push(...added.flat()),
        },
      ],
    ],
    features: [
      catalogModuleAirflow,
      scheduler.factory,
      mockServices.rootConfig.factory({ data: config }),
      createServiceFactory({
        service: airflowInventoryServiceRef,
        deps: {},
        factory: () => inventory,
      }),
    ],
  });
  return { providers, scheduler, tasks, inventory };
}

describe('catalogModuleAirflow', () => {
  it('adds the Airflow provider on the default schedule', async () => {
    const { providers, scheduler } = await startWith({});
    expect(providers.map(p => p.getProviderName())).toEqual(['airflow']);
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 10 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 15 },
    });
  });

  it('takes its schedule and the DAG switch from catalog.providers.airflow', async () => {
    const { providers, scheduler, tasks, inventory } = await startWith({
      catalog: {
        providers: {
          airflow: {
            schedule: { frequency: { minutes: 3 }, timeout: { seconds: 30 } },
            dags: { enabled: true },
          },
        },
      },
    });
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 3 },
      timeout: { seconds: 30 },
    });
    const connection = { applyMutation: jest.fn(), refresh: jest.fn() };
    await providers[0].connect(connection);
    await tasks[0].fn(new AbortController().signal);
    expect(inventory.requests).toEqual([
      expect.objectContaining({ includeDags: true }),
    ]);
    expect(connection.applyMutation).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'full' }),
    );
  });
});
