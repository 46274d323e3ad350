import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import airflowPlugin from '@airflow-portal/plugin-airflow/alpha';
import { navModule } from './modules/nav';

// The app plugin's default sign-in page offers guest sign-in, which the
// backend's guest provider serves; a real identity provider would add a
// SignInPageBlueprint extension to navModule.
export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    airflowPlugin,
    navModule,
  ],
});
