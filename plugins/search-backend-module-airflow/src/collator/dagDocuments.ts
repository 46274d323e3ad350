import {
  type AirflowInventoryDag,
  type AirflowInventoryEnvironment,
  readAirflowAnnotations,
} from '@airflow-portal/plugin-airflow-common';
import {
  DEFAULT_NAMESPACE,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { AirflowDagDocument } from './AirflowDagDocument';

/**
 * The path of the entity's Airflow tab, on one DAG: the catalog's entity
 * route (`/catalog/:namespace/:kind/:name`) and the Airflow plugin's entity
 * content (`airflow`), the DAG named in the query (`dag`), whose detail
 * drawer the tab opens.
 */
export function airflowTabLocation(
  entity: Entity,
  environment: string,
  dagId: string,
): string {
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  const path = [
    namespace,
    entity.kind.toLocaleLowerCase('en-US'),
    entity.metadata.name,
  ]
    .map(encodeURIComponent)
    .join('/');
  // `?dag=<environment>/<dagId>` opens the DAG's drawer on the tab.
  const query = new URLSearchParams({ dag: `${environment}/${dagId}` });
  return `/catalog/${path}/airflow?${query}`;
}

/** Whether the entity's annotations bind the DAG of this environment (by id or by tag). */
function binds(
  binding: ReturnType<typeof readAirflowAnnotations>,
  dag: AirflowInventoryDag,
): boolean {
  return (
    binding.dagIds.includes(dag.dagId) ||
    dag.tags.some(tag => binding.dagTags.includes(tag))
  );
}

/**
 * One document per DAG an entity binds, with the entity's ref as the
 * document's authorization resource: the search backend shows it to whoever
 * may see that entity's DAGs (`airflow.dag.read` on the entity), the same
 * decision the entity's Airflow tab makes.
 */
export function dagDocuments(
  entity: Entity,
  environments: ReadonlyMap<string, AirflowInventoryEnvironment>,
): AirflowDagDocument[] {
  const binding = readAirflowAnnotations(entity);
  const entityRef = stringifyEntityRef(entity);
  const entityTitle = entity.metadata.title ?? entity.metadata.name;
  return binding.environments.flatMap(name => {
    const environment = environments.get(name);
    return (environment?.dags ?? [])
      .filter(dag => binds(binding, dag))
      .map(dag => ({
        title: dag.displayName || dag.dagId,
        text: [dag.description, `${dag.dagId} in ${environment?.title ?? name}`]
          .filter(Boolean)
          .join('. '),
        location: airflowTabLocation(entity, name, dag.dagId),
        dagId: dag.dagId,
        environment: name,
        tags: dag.tags,
        owners: dag.owners,
        entityRef,
        entityTitle,
        isPaused: dag.isPaused,
        authorization: { resourceRef: entityRef },
      }));
  });
}
