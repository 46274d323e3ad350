/**
 * Frontend of the Airflow plugins: an Airflow tab for catalog entities and an
 * ops page of every environment. This entry point serves apps on the legacy
 * frontend system; the new frontend system uses `@airflow-portal/plugin-airflow/alpha`.
 *
 * @packageDocumentation
 */
export {
  airflowPlugin,
  EntityAirflowContent,
  AirflowOverviewPage,
} from './plugin';
export { rootRouteRef } from './routes';
export { AirflowClient, airflowApiRef } from './api';
export type {
  AirflowApi,
  AirflowDagRunsRequest,
  AirflowEntityDagRef,
  AirflowPageRequest,
  AirflowTaskInstancesRequest,
  AirflowTaskLogRequest,
} from './api';
export { isAirflowAvailable } from '@airflow-portal/plugin-airflow-common';
