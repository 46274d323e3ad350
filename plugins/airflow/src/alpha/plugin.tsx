import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import {
  airflowApi,
  airflowIcon,
  airflowOverviewPage,
  entityAirflowContent,
  overviewRouteRef,
} from './extensions';

/** The Airflow plugin for apps on the new frontend system. */
export const airflowPlugin = createFrontendPlugin({
  pluginId: 'airflow',
  title: 'Airflow',
  icon: airflowIcon,
  routes: {
    root: overviewRouteRef,
  },
  extensions: [airflowApi, airflowOverviewPage, entityAirflowContent],
});
