export { AirflowService } from './AirflowService';
export type { AirflowServiceOptions, EntityDagRef } from './AirflowService';
export type { TransportFactory } from '../environments/EnvironmentRegistry';
