import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  airflowApi,
  airflowAuditSubPage,
  airflowEnvironmentsSubPage,
  airflowIcon,
  airflowOverviewPage,
  auditRouteRef,
  entityAirflowContent,
  overviewRouteRef,
} from './extensions';

/**
 * The Airflow plugin for apps on the new frontend system.
 *
 * @alpha
 */
export const airflowPlugin = createFrontendPlugin({
  pluginId: 'airflow',
  title: 'Airflow',
  icon: airflowIcon,
  routes: {
    root: overviewRouteRef,
    audit: auditRouteRef,
  },
  extensions: [
    airflowApi,
    airflowOverviewPage,
    airflowEnvironmentsSubPage,
    airflowAuditSubPage,
    entityAirflowContent,
  ],
});
