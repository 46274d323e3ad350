import { isAirflowAvailable } from '@airflow-portal/plugin-airflow-common';
import {
  ApiBlueprint,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AirIcon from '@mui/icons-material/Air';
import { AirflowClient, airflowApiRef } from '../api';

/** Route of the Airflow page (its first tab, the environments) in the new frontend system. */
export const overviewRouteRef = createRouteRef();
/** Route of the audit tab, `/airflow/audit`. */
export const auditRouteRef = createRouteRef();

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

/**
 * The Airflow page with its sidebar item; its tabs are the sub-pages below
 * (`/airflow/environments`, `/airflow/audit`).
 */
export const airflowOverviewPage = PageBlueprint.make({
  params: {
    path: '/airflow',
    title: 'Airflow',
    icon: airflowIcon,
    routeRef: overviewRouteRef,
  },
});

export const airflowEnvironmentsSubPage = SubPageBlueprint.make({
  attachTo: { id: 'page:airflow', input: 'pages' },
  name: 'environments',
  params: {
    path: 'environments',
    title: 'Environments',
    loader: () =>
      import('../components/Overview').then(m => <m.AirflowOverviewContent />),
  },
});

/** The audit trail; its content tells users without `airflow.audit.read` why it is empty. */
export const airflowAuditSubPage = SubPageBlueprint.make({
  attachTo: { id: 'page:airflow', input: 'pages' },
  name: 'audit',
  params: {
    path: 'audit',
    title: 'Audit',
    routeRef: auditRouteRef,
    loader: () =>
      import('../components/Audit').then(m => <m.AirflowAuditContent />),
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
