export { airflowApiRef } from './AirflowApi';
export type {
  AirflowApi,
  AirflowAuditQuery,
  AirflowDagRunsRequest,
  AirflowEntityDagRef,
  AirflowPageRequest,
  AirflowTaskInstancesRequest,
  AirflowTaskLogRequest,
  AirflowApprovalTaskRef,
  AirflowTaskRef,
} from './AirflowApi';
export { AirflowClient } from './AirflowClient';
