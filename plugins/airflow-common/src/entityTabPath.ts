import { DEFAULT_NAMESPACE, type Entity } from '@backstage/catalog-model';

/**
 * What the entity's Airflow tab opens on: a DAG of an environment, and
 * optionally one of its runs.
 *
 * @public
 */
export interface AirflowTabTarget {
  environment: string;
  dagId: string;
  runId?: string;
}

/**
 * The app path of an entity's Airflow tab on one DAG (and run): the catalog's
 * entity route (`/catalog/:namespace/:kind/:name`) and the Airflow plugin's
 * entity content (`airflow`), the DAG and run named in the query
 * (`environment`, `dag`, `run`).
 *
 * @public
 */
export function airflowEntityTabPath(
  entity: Pick<Entity, 'kind' | 'metadata'>,
  target: AirflowTabTarget,
): string {
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const path = [
    namespace,
    entity.kind.toLocaleLowerCase('en-US'),
    entity.metadata.name,
  ]
    .map(encodeURIComponent)
    .join('/');
  const query = new URLSearchParams({
    environment: target.environment,
    dag: target.dagId,
  });
  if (target.runId !== undefined) {
    query.set('run', target.runId);
  }
  return `/catalog/${path}/airflow?${query}`;
}
