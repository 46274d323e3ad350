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
