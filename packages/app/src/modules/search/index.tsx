import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import ScheduleIcon from '@material-ui/icons/Schedule';

/** The search document type of the Airflow DAG collator. */
const AIRFLOW_DAG_TYPE = 'airflow-dag';

const airflowDagResultListItem = SearchResultListItemBlueprint.make({
  name: 'airflow-dag',
  params: {
    predicate: result => result.type === AIRFLOW_DAG_TYPE,
    icon: <ScheduleIcon />,
    component: () =>
      import('./AirflowDagSearchResultListItem').then(
        m => m.AirflowDagSearchResultListItem,
      ),
  },
});

const airflowDagResultType = SearchFilterResultTypeBlueprint.make({
  name: 'airflow-dag',
  params: {
    value: AIRFLOW_DAG_TYPE,
    name: 'Airflow DAGs',
    icon: <ScheduleIcon />,
  },
});

/** Airflow DAGs on the search page: their result item and result type filter. */
export const searchModule = createFrontendModule({
  pluginId: 'search',
  extensions: [airflowDagResultListItem, airflowDagResultType],
});
