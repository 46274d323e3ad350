import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import airflowPlugin from '@airflow-portal/plugin-airflow/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

// signInModule is the demo's development sign-in (guest or a demo user); a
// real portal replaces it with its identity provider's sign-in page.
export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    airflowPlugin,
    navModule,
    signInModule,
  ],
});
