/**
 * Frontend of the Airflow plugins: an Airflow tab for catalog entities, an
 * ops page of every environment and an audit page of actions. This entry point serves apps on the legacy
 * frontend system; the new frontend system uses `@airflow-portal/plugin-airflow/alpha`.
 *
 * @packageDocumentation
 */
export {
  airflowPlugin,
  EntityAirflowContent,
  AirflowOverviewPage,
  AirflowAuditPage,
} from './plugin';
export { auditRouteRef, rootRouteRef } from './routes';
// The client, its ApiRef and request types: the api folder's exports, as listed there.
export * from './api';
export { isAirflowAvailable } from '@airflow-portal/plugin-airflow-common';
