import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AirflowClient, airflowApiRef } from './api';
import { auditRouteRef, rootRouteRef } from './routes';

/**
 * The Airflow plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const airflowPlugin = createPlugin({
  id: 'airflow',
  apis: [
    createApiFactory({
      api: airflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AirflowClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    audit: auditRouteRef,
  },
});

/**
 * The Airflow tab of an entity page; show it where `isAirflowAvailable` holds.
 *
 * @public
 */
export const EntityAirflowContent: () => JSX.Element = airflowPlugin.provide(
  createComponentExtension({
    name: 'EntityAirflowContent',
    component: {
      lazy: () =>
        import('./components/EntityAirflowContent').then(
          m => m.EntityAirflowContent,
        ),
    },
  }),
);

/**
 * The ops page: every Airflow environment with its health.
 *
 * @public
 */
export const AirflowOverviewPage: (props: {
  refreshIntervalMs?: number;
}) => JSX.Element = airflowPlugin.provide(
  createRoutableExtension({
    name: 'AirflowOverviewPage',
    component: () =>
      import('./components/Overview').then(m => m.AirflowOverviewPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The audit trail of Airflow actions; shows its content to users with `airflow.audit.read`.
 *
 * @public
 */
export const AirflowAuditPage: () => JSX.Element = airflowPlugin.provide(
  createRoutableExtension({
    name: 'AirflowAuditPage',
    component: () => import('./components/Audit').then(m => m.AirflowAuditPage),
    mountPoint: auditRouteRef,
  }),
);
