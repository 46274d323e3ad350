import { InfoCard } from '@backstage/core-components';
import { AuditView } from './AuditView';

/**
 * Recent Airflow actions on one entity's DAGs, as far as the backend lets the
 * user read them (`airflow.audit.read`, possibly scoped to what their teams
 * own); users refused every record see nothing rather than a refusal.
 */
export function EntityAuditCard(props: { entityRef: string }) {
  return (
    <AuditView
      fixed={{ entityRef: props.entityRef }}
      pageSize={10}
      forbidden={null}
      wrap={view => (
        <InfoCard
          title="Airflow actions on this entity"
          subheader="Audit trail"
        >
          {view}
        </InfoCard>
      )}
    />
  );
}
