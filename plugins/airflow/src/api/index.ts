export { airflowApiRef } from './AirflowApi';
export type {
  AirflowApi,
  AirflowAuditQuery,
  AirflowDagRunsRequest,
  AirflowEntityDagRef,
  AirflowPageRequest,
  AirflowTaskInstancesRequest,
  AirflowTaskLogRequest,
  AirflowTaskRef,
} from './AirflowApi';
export { AirflowClient } from './AirflowClient';
