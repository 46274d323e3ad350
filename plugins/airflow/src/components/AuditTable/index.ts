export { AuditView } from './AuditView';
export { EntityAuditCard } from './EntityAuditCard';
