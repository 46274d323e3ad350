import type { IndexableDocument } from '@backstage/plugin-search-common';

/**
 * The search document type of Airflow DAGs.
 *
 * @public
 */
export const AIRFLOW_DAG_DOCUMENT_TYPE = 'airflow-dag';

/**
 * One DAG as seen through one catalog entity that binds it: a search result
 * that opens the entity's Airflow tab on that DAG. A DAG bound to several
 * entities is one document per entity, each readable by who may see that
 * entity's DAGs.
 *
 * @public
 */
export interface AirflowDagDocument extends IndexableDocument {
  dagId: string;
  environment: string;
  tags: string[];
  /** Airflow's `owners` of the DAG. */
  owners: string[];
  /** The entity whose Airflow tab shows the DAG, e.g. `component:default/orders-service`. */
  entityRef: string;
  /** The entity's title, or its name. */
  entityTitle: string;
  isPaused: boolean;
}
