import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Readable } from 'node:stream';
import {
  FakeAirflowInventory,
  inventoryDag,
  inventoryEnvironment,
} from '@airflow-portal/plugin-airflow-node/testUtils';
import { AirflowDagCollatorFactory } from './AirflowDagCollatorFactory';

const component = (
  name: string,
  annotations: Record<string, string>,
  title?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', title, annotations },
  spec: { type: 'service', owner: 'team-data', lifecycle: 'production' },
});

const entities = [
  component(
    'orders-service',
    {
      'airflow.apache.org/environment': 'data-prod, legacy-etl',
      'airflow.apache.org/dag-ids': 'orders_daily_load, orders_hourly_sync',
    },
    'Orders service',
  ),
  component('customer-360', {
    'airflow.apache.org/environment': 'data-prod',
    'airflow.apache.org/dag-tags': 'customer-360',
  }),
  // Names an environment the portal does not know: nothing to index.
  component('stale', {
    'airflow.apache.org/environment': 'gone',
    'airflow.apache.org/dag-ids': 'orders_daily_load',
  }),
  component('no-airflow', {}),
];

const environments = [
  inventoryEnvironment({
    name: 'data-prod',
    title: 'Data platform',
    dags: [
      inventoryDag({
        environment: 'data-prod',
        dagId: 'orders_daily_load',
        displayName: 'Orders daily load',
        description: 'Loads the day of orders',
        tags: ['orders'],
        owners: ['team-data'],
      }),
      inventoryDag({
        environment: 'data-prod',
        dagId: 'customer_profile',
        tags: ['customer-360'],
        owners: ['team-customer'],
        isPaused: true,
      }),
      inventoryDag({ environment: 'data-prod', dagId: 'unbound' }),
    ],
  }),
  inventoryEnvironment({
    name: 'legacy-etl',
    dags: [
      inventoryDag({ environment: 'legacy-etl', dagId: 'orders_hourly_sync' }),
    ],
  }),
];

async function collect(stream: Readable): Promise<any[]> {
  const documents: any[] = [];
  for await (const document of stream) {
    documents.push(document);
  }
  return documents;
}

function factoryWith(inventory: FakeAirflowInventory) {
  return new AirflowDagCollatorFactory({
    inventory,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
  });
}

describe('AirflowDagCollatorFactory', () => {
  it('is the airflow-dag type, visible by airflow.dag.read', () => {
    const factory = factoryWith(new FakeAirflowInventory([]));
    expect(factory.type).toBe('airflow-dag');
    expect(factory.visibilityPermission).toMatchObject({
      name: 'airflow.dag.read',
      resourceType: 'catalog-entity',
    });
  });

  it('indexes each DAG an entity binds, by id or tag, once per entity, readable as that entity', async () => {
    const inventory = new FakeAirflowInventory(environments);
    const documents = await collect(await factoryWith(inventory).getCollator());
    expect(inventory.requests).toEqual([
      {
        includeDags: true,
        credentials: expect.objectContaining({
          principal: expect.objectContaining({ type: 'service' }),
        }),
      },
    ]);
    expect(documents).toEqual([
      {
        title: 'Orders daily load',
        text: 'Loads the day of orders. orders_daily_load in Data platform',
        location:
          '/catalog/default/component/orders-service/airflow?dag=data-prod%2Forders_daily_load',
        dagId: 'orders_daily_load',
        environment: 'data-prod',
        tags: ['orders'],
        owners: ['team-data'],
        entityRef: 'component:default/orders-service',
        entityTitle: 'Orders service',
        isPaused: false,
        authorization: { resourceRef: 'component:default/orders-service' },
      },
      expect.objectContaining({
        dagId: 'orders_hourly_sync',
        environment: 'legacy-etl',
        text: 'orders_hourly_sync in legacy-etl',
        authorization: { resourceRef: 'component:default/orders-service' },
      }),
      expect.objectContaining({
        dagId: 'customer_profile',
        environment: 'data-prod',
        entityTitle: 'customer-360',
        isPaused: true,
        location:
          '/catalog/default/component/customer-360/airflow?dag=data-prod%2Fcustomer_profile',
        authorization: { resourceRef: 'component:default/customer-360' },
      }),
    ]);
  });

  it('fails rather than index part of the DAGs when an environment cannot be read', async () => {
    const down = inventoryEnvironment({
      name: 'legacy-etl',
      error: { name: 'UpstreamError', message: 'unreachable' },
    });
    const collator = await factoryWith(
      new FakeAirflowInventory([environments[0], down]),
    ).getCollator();
    await expect(collect(collator)).rejects.toThrow('"legacy-etl"');
  });
});
