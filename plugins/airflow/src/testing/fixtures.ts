import type {
  AirflowDagRun,
  AirflowDagWithRuns,
  AirflowEnvironmentStatus,
  EntityDagsResponse,
} from '@airflow-portal/plugin-airflow-common';
import type { Entity } from '@backstage/catalog-model';

/* Realistic answers of the backend for tests: three environments, one of each verdict. */

const checkedAt = '2025-06-01T12:00:00Z';

export const dataProd: AirflowEnvironmentStatus = {
  name: 'data-prod',
  title: 'Data platform (Airflow 3)',
  owner: 'group:default/platform-team',
  tags: ['production'],
  production: true,
  uiUrl: 'http://airflow.example.com',
  transport: 'jwt',
  status: 'healthy',
  apiVersion: 'v2',
  version: '3.0.6',
  health: {
    metadatabase: { status: 'healthy' },
    scheduler: { status: 'healthy', latestHeartbeat: '2025-06-01T11:59:48Z' },
    triggerer: { status: 'healthy', latestHeartbeat: '2025-06-01T11:59:50Z' },
    dagProcessor: {
      status: 'healthy',
      latestHeartbeat: '2025-06-01T11:59:55Z',
    },
  },
  importErrorCount: 0,
  checkedAt,
};

export const legacyEtl: AirflowEnvironmentStatus = {
  name: 'legacy-etl',
  title: 'Legacy ETL (Airflow 2)',
  owner: 'group:default/team-data',
  tags: ['staging'],
  production: false,
  uiUrl: 'http://legacy.example.com',
  transport: 'basic',
  status: 'degraded',
  apiVersion: 'v1',
  version: '2.10.5',
  health: {
    metadatabase: { status: 'healthy' },
    scheduler: { status: 'unhealthy', latestHeartbeat: '2025-06-01T11:40:00Z' },
    triggerer: { status: 'unknown' },
  },
  importErrorCount: 2,
  checkedAt,
};

export const mwaaPayments: AirflowEnvironmentStatus = {
  name: 'mwaa-payments',
  title: 'Payments (Amazon MWAA)',
  owner: 'group:default/team-payments',
  tags: ['production', 'aws'],
  production: true,
  transport: 'mwaa',
  status: 'unreachable',
  mwaa: {
    environmentName: 'mwaa-payments',
    region: 'us-east-1',
    status: 'UNAVAILABLE',
  },
  error: {
    name: 'UpstreamError',
    message: 'MWAA InvokeRestApi failed',
    upstreamStatus: 503,
    detail: 'Environment is not available',
  },
  checkedAt,
};

export function run(
  dagId: string,
  state: AirflowDagRun['state'],
  day: number,
  environment = 'data-prod',
): AirflowDagRun {
  const date = `2025-05-${String(day).padStart(2, '0')}`;
  return {
    environment,
    dagId,
    runId: `scheduled__${date}T00:00:00+00:00`,
    state,
    runType: 'scheduled',
    logicalDate: `${date}T00:00:00Z`,
    startDate: `${date}T00:00:05Z`,
    endDate: state === 'running' ? undefined : `${date}T00:10:00Z`,
    uiUrl: `http://airflow.example.com/dags/${dagId}/runs/${date}`,
  };
}

export function dag(
  dagId: string,
  overrides: Partial<AirflowDagWithRuns> = {},
): AirflowDagWithRuns {
  return {
    environment: 'data-prod',
    dagId,
    displayName: dagId,
    isPaused: false,
    isActive: true,
    owners: ['data-eng'],
    tags: [],
    schedule: '@daily',
    nextRunAfter: '2025-06-02T00:00:00Z',
    hasImportErrors: false,
    uiUrl: `http://airflow.example.com/dags/${dagId}`,
    latestRuns: [],
    boundEntityRefs: ['component:default/orders-service'],
    ...overrides,
  };
}

export const ordersService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-service',
    annotations: {
      'airflow.apache.org/environment': 'data-prod, legacy-etl',
      'airflow.apache.org/dag-ids': 'orders_daily_load, orders_hourly_sync',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-data' },
};

export const teamData: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-data' },
  spec: { type: 'team', children: [] },
};

/** DAGs of orders-service: one healthy on Airflow 3, while Airflow 2 fails to answer. */
export const ordersDags: EntityDagsResponse = {
  entityRef: 'component:default/orders-service',
  environments: [
    {
      environment: 'data-prod',
      dags: [
        dag('orders_daily_load', {
          description: 'Loads the orders of the day',
          tags: ['orders', 'daily'],
          latestRuns: [
            run('orders_daily_load', 'success', 31),
            run('orders_daily_load', 'failed', 30),
          ],
        }),
        dag('orders_backfill', {
          displayName: 'Orders backfill',
          tags: ['orders'],
          isPaused: true,
          schedule: undefined,
          nextRunAfter: undefined,
          latestRuns: [run('orders_backfill', 'failed', 29)],
        }),
      ],
    },
    {
      environment: 'legacy-etl',
      dags: [],
      error: {
        name: 'UpstreamError',
        message: 'Airflow request failed',
        upstreamStatus: 403,
        detail: 'Forbidden: user cannot read DAGs',
      },
    },
  ],
};

/** DAGs of everything team-data owns. */
export const teamDataDags: EntityDagsResponse = {
  entityRef: 'group:default/team-data',
  environments: [
    {
      environment: 'data-prod',
      dags: [
        dag('orders_daily_load', {
          latestRuns: [run('orders_daily_load', 'success', 31)],
        }),
        dag('customer_profile_build', {
          boundEntityRefs: ['component:default/customer-360'],
          latestRuns: [run('customer_profile_build', 'failed', 31)],
        }),
      ],
    },
  ],
};
