/**
 * Node.js library of the Airflow plugins: the service through which other
 * backend plugins and their modules read Airflow, via the Airflow backend.
 *
 * @packageDocumentation
 */
export type {
  AirflowInventoryRequest,
  AirflowInventoryService,
} from './AirflowInventoryService';
export { airflowInventoryServiceRef } from './airflowInventoryServiceRef';
export { DefaultAirflowInventoryService } from './DefaultAirflowInventoryService';
export type {
  AirflowActionCaller,
  AirflowClearRequest,
  AirflowDagActionsService,
  AirflowEntityDagTarget,
  AirflowRunsRequest,
  AirflowSetPausedRequest,
  AirflowTriggerRequest,
} from './AirflowDagActionsService';
export { airflowDagActionsServiceRef } from './airflowDagActionsServiceRef';
export { DefaultAirflowDagActionsService } from './DefaultAirflowDagActionsService';
