import { Header, Page } from '@backstage/core-components';
import { AirflowOverviewContent } from './AirflowOverviewContent';

/** The ops page with its own header, for apps on the legacy frontend system. */
export function AirflowOverviewPage(props: { refreshIntervalMs?: number }) {
  return (
    <Page themeId="tool">
      <Header
        title="Airflow"
        subtitle="Health of every Airflow environment the portal reaches"
      />
      <AirflowOverviewContent refreshIntervalMs={props.refreshIntervalMs} />
    </Page>
  );
}
