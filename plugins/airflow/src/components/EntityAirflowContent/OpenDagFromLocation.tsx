import type { AirflowDagWithRuns } from '@airflow-portal/plugin-airflow-common';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useOpenDagAction } from '../DagActions/openDagAction';

/** The query parameter that names the DAG whose drawer opens: `<environment>/<dagId>`. */
export const DAG_QUERY_PARAM = 'dag';

/**
 * Opens the detail drawer of the DAG the page's URL names (`?dag=<env>/<dagId>`,
 * as a search result links to it), once the DAG is listed, then takes the
 * parameter out of the URL so that closing the drawer does not open it again.
 * A DAG the entity does not list opens nothing.
 */
export function OpenDagFromLocation(props: {
  dagsByKey: Map<string, AirflowDagWithRuns>;
  entityRef: string;
}) {
  const { dagsByKey, entityRef } = props;
  const [searchParams, setSearchParams] = useSearchParams();
  const openDagAction = useOpenDagAction();
  const key = searchParams.get(DAG_QUERY_PARAM);
  const dag = key ? dagsByKey.get(key) : undefined;

  useEffect(() => {
    if (!dag) return;
    openDagAction({ kind: 'details', dag, entityRef });
    setSearchParams(
      params => {
        const next = new URLSearchParams(params);
        next.delete(DAG_QUERY_PARAM);
        return next;
      },
      { replace: true },
    );
  }, [dag, entityRef, openDagAction, setSearchParams]);

  return null;
}
