import { isAirflowAvailable } from '@airflow-portal/plugin-airflow-common';
import {
  ApiBlueprint,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AirIcon from '@mui/icons-material/Air';
import { AirflowClient, airflowApiRef } from '../api';

/** Route of the ops page in the new frontend system. */
export const overviewRouteRef = createRouteRef();

export const airflowIcon = <AirIcon fontSize="inherit" />;

export const airflowApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: airflowApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AirflowClient({ discoveryApi, fetchApi }),
    }),
});

/** The ops page; its title and icon also make its sidebar item. */
export const airflowOverviewPage = PageBlueprint.make({
  params: {
    path: '/airflow',
    title: 'Airflow',
    icon: airflowIcon,
    routeRef: overviewRouteRef,
    loader: () =>
      import('../components/AirflowOverviewPage').then(m => (
        <m.AirflowOverviewContent />
      )),
  },
});

/** The Airflow tab, only on entities with DAGs bound by annotation and on groups. */
export const entityAirflowContent = EntityContentBlueprint.make({
  params: {
    path: 'airflow',
    title: 'Airflow',
    icon: airflowIcon,
    filter: isAirflowAvailable,
    loader: () =>
      import('../components/EntityAirflowContent').then(m => (
        <m.EntityAirflowContent />
      )),
  },
});
