import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import airflowPlugin from '@airflow-portal/plugin-airflow/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { navModule } from './modules/nav';
import { searchModule } from './modules/search';
import { signInModule } from './modules/signIn';

// signInModule is the demo's development sign-in (guest or a demo user); a
// real portal replaces it with its identity provider's sign-in page.
export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    airflowPlugin,
    // the relations card on entity pages: who runs on which environment
    catalogGraphPlugin,
    // search, with Airflow DAGs among the results
    searchPlugin,
    searchModule,
    navModule,
    signInModule,
    // notifications (failed Airflow runs, waiting approvals), pushed live by signals
    notificationsPlugin,
    signalsPlugin,
    // software templates, such as the demo's orders backfill
    scaffolderPlugin,
  ],
});
