export { EntityAirflowContent } from './EntityAirflowContent';
