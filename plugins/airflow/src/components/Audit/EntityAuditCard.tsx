import { airflowAuditReadPermission } from '@airflow-portal/plugin-airflow-common';
import { InfoCard } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { AuditView } from './AuditView';

/**
 * Recent Airflow actions on one entity's DAGs. Rendered only for users with
 * `airflow.audit.read`; others see nothing rather than a refusal.
 */
export function EntityAuditCard(props: { entityRef: string }) {
  const { allowed } = usePermission({ permission: airflowAuditReadPermission });
  if (!allowed) {
    return null;
  }
  return (
    <InfoCard title="Airflow actions on this entity" subheader="Audit trail">
      <AuditView fixed={{ entityRef: props.entityRef }} pageSize={10} />
    </InfoCard>
  );
}
