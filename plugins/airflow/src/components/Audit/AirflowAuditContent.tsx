import { airflowAuditReadPermission } from '@airflow-portal/plugin-airflow-common';
import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { AuditView } from './AuditView';

/** Who triggered, paused or unpaused which DAG, and how it ended. */
export function AirflowAuditContent() {
  const { loading, allowed } = usePermission({
    permission: airflowAuditReadPermission,
  });
  let body;
  if (loading) {
    body = <Progress />;
  } else if (!allowed) {
    body = (
      <EmptyState
        missing="info"
        title="No access to the Airflow audit trail"
        description="Reading it needs the airflow.audit.read permission."
      />
    );
  } else {
    body = <AuditView />;
  }
  return (
    <Content>
      <ContentHeader title="Audit trail" />
      {body}
    </Content>
  );
}
