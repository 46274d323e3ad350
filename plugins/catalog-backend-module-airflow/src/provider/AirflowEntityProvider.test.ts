import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  FakeAirflowInventory,
  inventoryDag,
  inventoryEnvironment,
} from '@airflow-portal/plugin-airflow-node/testUtils';
import { AirflowEntityProvider } from './AirflowEntityProvider';

const dataProd = inventoryEnvironment({
  name: 'data-prod',
  title: 'Data platform',
  description: 'Production Airflow 3',
  owner: 'group:default/platform-team',
  tags: ['production', 'Not A Tag'],
  uiUrl: 'https://airflow.example.com',
  transport: 'jwt',
  apiVersion: 'v2',
  version: '3.0.6',
  dags: [
    inventoryDag({
      environment: 'data-prod',
      dagId: 'orders_daily_load',
      description: 'Loads the orders',
      tags: ['orders'],
      owners: ['team-data'],
      ownerRefs: ['group:default/team-data'],
      uiUrl: 'https://airflow.example.com/dags/orders_daily_load',
    }),
    inventoryDag({ environment: 'data-prod', dagId: 'unowned' }),
  ],
});

function setup(
  environments = [dataProd],
  options: { includeDags?: boolean } = {},
) {
  const inventory = new FakeAirflowInventory(environments);
  const tasks: SchedulerServiceTaskInvocationDefinition[] = [];
  const logger = mockServices.logger.mock();
  const provider = new AirflowEntityProvider({
    inventory,
    auth: mockServices.auth(),
    logger,
    includeDags: options.includeDags ?? false,
    taskRunner: { run: async task => void tasks.push(task) },
  });
  const connection = {
    applyMutation: jest.fn(async () => {}),
    refresh: jest.fn(async () => {}),
  } satisfies EntityProviderConnection;
  return { provider, inventory, tasks, connection, logger };
}

const published = (connection: { applyMutation: jest.Mock }) =>
  connection.applyMutation.mock.calls.map(([mutation]) => ({
    type: mutation.type,
    entities: mutation.entities.map((e: { entity: any }) => e.entity),
  }));

describe('AirflowEntityProvider', () => {
  it('schedules its refresh on the task runner it is given when connected', async () => {
    const { provider, tasks, connection, inventory } = setup();
    await provider.connect(connection);
    expect(tasks.map(t => t.id)).toEqual(['airflow:refresh']);
    // Nothing is read until the scheduler runs the task.
    expect(inventory.requests).toEqual([]);
    await tasks[0].fn(new AbortController().signal);
    expect(connection.applyMutation).toHaveBeenCalledTimes(1);
  });

  it('publishes each environment as a Resource, in one full mutation, as the catalog plugin itself', async () => {
    const { provider, connection, inventory } = setup();
    await provider.connect(connection);
    await provider.refresh();

    expect(inventory.requests).toEqual([
      {
        includeDags: false,
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      },
    ]);
    expect(published(connection)).toEqual([
      {
        type: 'full',
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: {
              name: 'data-prod',
              namespace: 'default',
              title: 'Data platform',
              description: 'Production Airflow 3',
              tags: ['production'],
              links: [
                {
                  url: 'https://airflow.example.com',
                  title: 'Airflow UI',
                  icon: 'dashboard',
                },
              ],
              annotations: {
                'backstage.io/managed-by-location': 'airflow:data-prod',
                'backstage.io/managed-by-origin-location': 'airflow:data-prod',
                'airflow.apache.org/environment': 'data-prod',
                'airflow.apache.org/version': '3.0.6',
                'airflow.apache.org/api-version': 'v2',
                'airflow.apache.org/transport': 'jwt',
              },
            },
            spec: {
              type: 'airflow-environment',
              owner: 'group:default/platform-team',
            },
          },
        ],
      },
    ]);
  });

  it('publishes no DAG unless enabled', async () => {
    const { provider, connection } = setup();
    await provider.connect(connection);
    await provider.refresh();
    const [{ entities }] = published(connection);
    expect(entities.map((e: any) => e.spec.type)).toEqual([
      'airflow-environment',
    ]);
  });

  it('publishes each DAG, when enabled, owned by the group its owners map to and a dependency of its environment', async () => {
    const { provider, connection } = setup([dataProd], { includeDags: true });
    await provider.connect(connection);
    await provider.refresh();
    const [{ entities }] = published(connection);
    const dags = entities.filter((e: any) => e.spec.type === 'airflow-dag');
    expect(dags).toEqual([
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'data-prod--orders_daily_load',
          namespace: 'default',
          title: 'orders_daily_load',
          description: 'Loads the orders',
          tags: ['orders'],
          links: [
            {
              url: 'https://airflow.example.com/dags/orders_daily_load',
              title: 'DAG in Airflow',
              icon: 'dashboard',
            },
          ],
          annotations: {
            'backstage.io/managed-by-location': 'airflow:data-prod',
            'backstage.io/managed-by-origin-location': 'airflow:data-prod',
            'airflow.apache.org/environment': 'data-prod',
            'airflow.apache.org/dag-ids': 'orders_daily_load',
          },
        },
        spec: {
          type: 'airflow-dag',
          owner: 'group:default/team-data',
          dependencyOf: ['resource:default/data-prod'],
        },
      },
      // Owners that map to no catalog ref: the environment's owner.
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'data-prod--unowned' }),
        spec: expect.objectContaining({ owner: 'group:default/platform-team' }),
      }),
    ]);
  });

  it('leaves out, with a warning, an environment without an owner', async () => {
    const { provider, connection, logger } = setup([
      dataProd,
      inventoryEnvironment({ name: 'orphan' }),
    ]);
    await provider.connect(connection);
    await provider.refresh();
    const [{ entities }] = published(connection);
    expect(entities.map((e: any) => e.metadata.name)).toEqual(['data-prod']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('"orphan" has no owner'),
    );
  });

  it('keeps what it published when the DAGs of an environment cannot be read', async () => {
    const down = inventoryEnvironment({
      name: 'down',
      owner: 'group:default/platform-team',
      error: { name: 'UpstreamError', message: 'Airflow is unreachable' },
    });
    const { provider, connection } = setup([dataProd, down], {
      includeDags: true,
    });
    await provider.connect(connection);
    await expect(provider.refresh()).rejects.toThrow(
      '"down" (Airflow is unreachable)',
    );
    expect(connection.applyMutation).not.toHaveBeenCalled();
  });

  it('publishes nothing secret: no connection detail reaches an entity', async () => {
    const leaky = {
      ...dataProd,
      // What a careless backend could add: never copied by the provider.
      baseUrl: 'https://user:password@airflow.internal',
      auth: { type: 'basic', username: 'portal', password: 'hunter2' },
    };
    const { provider, connection } = setup([leaky], { includeDags: true });
    await provider.connect(connection);
    await provider.refresh();
    const text = JSON.stringify(published(connection));
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('airflow.internal');
  });
});
