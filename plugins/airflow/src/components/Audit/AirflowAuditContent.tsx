import { Content, ContentHeader, EmptyState } from '@backstage/core-components';
import { AuditView } from './AuditView';

/**
 * Who triggered, paused or unpaused which DAG, and how it ended: the records
 * the backend lets the user read (all, or e.g. those of what their teams own).
 */
export function AirflowAuditContent() {
  return (
    <Content>
      <ContentHeader title="Audit trail" />
      <AuditView
        forbidden={
          <EmptyState
            missing="info"
            title="No access to the Airflow audit trail"
            description="Reading it needs the airflow.audit.read permission."
          />
        }
      />
    </Content>
  );
}
