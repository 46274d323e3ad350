export { AirflowAuditPage } from './AirflowAuditPage';
export { AirflowAuditContent } from './AirflowAuditContent';
