import {
  AIRFLOW_DAG_IDS_ANNOTATION,
  AIRFLOW_ENVIRONMENT_ANNOTATION,
  type AirflowDag,
  type AirflowImportError,
  type AirflowMissingDag,
  readAirflowAnnotations,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EnvironmentBinding } from './entityBindings';

/*
 * Deployment checks: a DAG an entity binds by id (an exact id, not a tag)
 * that Airflow does not list is "missing": not deployed, deleted, or its
 * file fails to import. Airflow's import errors carry a file name and no
 * DAG id (v1 `ImportError`, v2 `ImportErrorResponse`: `filename`,
 * `stack_trace`, `timestamp`, v2 also `bundle_name`), and the file an
 * entity expects is unknown, so an import error is attributed to a missing
 * DAG when its file is the one Airflow last knew the DAG from (`fileloc` of
 * a DAG Airflow still has as stale/inactive), or when the file's base name
 * contains the DAG id (case-insensitive): `orders_load.py` for `orders_load`.
 */

/** The last path segment, for `/` and `\` separated paths alike. */
function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Import errors that may explain why `dagId` is missing (see above). */
export function importErrorsOfMissingDag(
  dagId: string,
  knownFileloc: string | undefined,
  errors: AirflowImportError[],
): AirflowImportError[] {
  const id = dagId.toLocaleLowerCase('en-US');
  return errors.filter(
    error =>
      (knownFileloc !== undefined && error.filename === knownFileloc) ||
      baseName(error.filename).toLocaleLowerCase('en-US').includes(id),
  );
}

/** The ids `binding` names exactly that are not among the `listed` DAGs, in id order. */
export function missingDagIds(
  binding: EnvironmentBinding,
  listed: Iterable<string>,
): string[] {
  const present = new Set(listed);
  return Array.from(binding.dagIds.keys())
    .filter(id => !present.has(id))
    .sort();
}

/** One missing DAG as the entity page shows it. */
export function toMissingDag(
  binding: EnvironmentBinding,
  dagId: string,
  importErrors: AirflowImportError[],
): AirflowMissingDag {
  return {
    dagId,
    environment: binding.environment,
    boundEntityRefs: binding.dagIds.get(dagId) ?? [],
    importErrors,
  };
}

/**
 * Every DAG id bound by id to each environment, over the whole catalog,
 * read with the plugin's own credentials (the ops overview counts what no
 * single reader may see all of; only counts leave the backend).
 */
export async function readCatalogDagIdBindings(
  catalog: CatalogService,
  auth: AuthService,
): Promise<Record<string, string[]>> {
  const credentials: BackstageCredentials =
    await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${AIRFLOW_DAG_IDS_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
        [`metadata.annotations.${AIRFLOW_ENVIRONMENT_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const byEnvironment = new Map<string, Set<string>>();
  for (const entity of items) {
    const binding = readAirflowAnnotations(entity);
    for (const environment of binding.environments) {
      const ids = byEnvironment.get(environment) ?? new Set<string>();
      binding.dagIds.forEach(id => ids.add(id));
      byEnvironment.set(environment, ids);
    }
  }
  return Object.fromEntries(
    Array.from(byEnvironment, ([name, ids]) => [name, Array.from(ids).sort()]),
  );
}

/** How many of `boundIds` the environment's `dags` do not include. */
export function countMissing(boundIds: string[], dags: AirflowDag[]): number {
  const present = new Set(dags.map(dag => dag.dagId));
  return boundIds.filter(id => !present.has(id)).length;
}
