import { airflowInventoryServiceRef } from '@airflow-portal/plugin-airflow-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { FakeAirflowInventory } from '@airflow-portal/plugin-airflow-node/testUtils';
import { searchModuleAirflow } from './module';

async function startWith(config: object) {
  const addCollator = jest.fn();
  const scheduler = mockServices.scheduler.mock({
    createScheduledTaskRunner: jest.fn(() => ({ run: jest.fn() })),
  });
  await startTestBackend({
    extensionPoints: [
      [
        searchIndexRegistryExtensionPoint,
        { addCollator, addDecorator: jest.fn() },
      ],
    ],
    features: [
      searchModuleAirflow,
      scheduler.factory,
      catalogServiceMock.factory(),
      mockServices.rootConfig.factory({ data: config }),
      createServiceFactory({
        service: airflowInventoryServiceRef,
        deps: {},
        factory: () => new FakeAirflowInventory([]),
      }),
    ],
  });
  return { addCollator, scheduler };
}

describe('searchModuleAirflow', () => {
  it('registers the airflow-dag collator on the default schedule', async () => {
    const { addCollator, scheduler } = await startWith({});
    expect(addCollator).toHaveBeenCalledTimes(1);
    expect(addCollator.mock.calls[0][0].factory.type).toBe('airflow-dag');
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 10 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 3 },
    });
  });

  it('takes its schedule from search.collators.airflow.schedule', async () => {
    const { scheduler } = await startWith({
      search: {
        collators: {
          airflow: {
            schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
          },
        },
      },
    });
    expect(scheduler.createScheduledTaskRunner).toHaveBeenCalledWith({
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
    });
  });
});
