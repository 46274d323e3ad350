export type {
  AirflowApiAdapter,
  AirflowVersionInfo,
  LatestRunsBatch,
  ListDagRunsRequest,
  ListDagsRequest,
  PageRequest,
  TaskLogRequest,
} from './AirflowApiAdapter';
export { createAdapterResolver, createApiAdapter } from './createApiAdapter';
export { V1Adapter } from './V1Adapter';
export { V2Adapter } from './V2Adapter';
