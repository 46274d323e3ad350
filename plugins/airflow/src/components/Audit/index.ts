export { AirflowAuditPage } from './AirflowAuditPage';
export { AirflowAuditContent } from './AirflowAuditContent';
export { EntityAuditCard } from './EntityAuditCard';
