import { Header, Page } from '@backstage/core-components';
import { AirflowAuditContent } from './AirflowAuditContent';

/** The audit page with its own header, for apps on the legacy frontend system. */
export function AirflowAuditPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Airflow audit"
        subtitle="Triggers, pauses and unpauses made through the portal"
      />
      <AirflowAuditContent />
    </Page>
  );
}
