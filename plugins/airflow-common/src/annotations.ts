import type { Entity } from '@backstage/catalog-model';

/**
 * Names of the Airflow environments (from `airflow.environments[].name`) an entity's DAGs live in; comma separated.
 *
 * @public
 */
export const AIRFLOW_ENVIRONMENT_ANNOTATION = 'airflow.apache.org/environment';
/**
 * DAG ids bound to the entity; comma separated.
 *
 * @public
 */
export const AIRFLOW_DAG_IDS_ANNOTATION = 'airflow.apache.org/dag-ids';
/**
 * DAG tags: every DAG carrying one of them is bound to the entity; comma separated.
 *
 * @public
 */
export const AIRFLOW_DAG_TAGS_ANNOTATION = 'airflow.apache.org/dag-tags';

/**
 * Splits a comma separated annotation value into trimmed, non-empty, unique items.
 *
 * @public
 */
export function parseListAnnotation(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  const items = value
    .split(',')
    .map(item => item.trim())
    .filter(item => item.length > 0);
  return Array.from(new Set(items));
}

/**
 * What an entity's annotations say about its Airflow DAGs.
 *
 * @public
 */
export interface AirflowEntityBinding {
  environments: string[];
  dagIds: string[];
  dagTags: string[];
}

/**
 * Reads the Airflow annotations of an entity.
 *
 * @public
 */
export function readAirflowAnnotations(entity: Entity): AirflowEntityBinding {
  const annotations = entity.metadata.annotations ?? {};
  return {
    environments: parseListAnnotation(
      annotations[AIRFLOW_ENVIRONMENT_ANNOTATION],
    ),
    dagIds: parseListAnnotation(annotations[AIRFLOW_DAG_IDS_ANNOTATION]),
    dagTags: parseListAnnotation(annotations[AIRFLOW_DAG_TAGS_ANNOTATION]),
  };
}

/**
 * True when the entity has DAGs bound to it (an environment plus DAG ids or tags),
 * or is a Group, whose Airflow view is built from what the team owns.
 *
 * @public
 */
export function isAirflowAvailable(entity: Entity): boolean {
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
    return true;
  }
  const binding = readAirflowAnnotations(entity);
  return (
    binding.environments.length > 0 &&
    (binding.dagIds.length > 0 || binding.dagTags.length > 0)
  );
}

/**
 * `off` (or `false`, `disabled`) opts the entity out of the Airflow backend's
 * notifications to its owners (failed runs, waiting approvals). Opting out can
 * only reduce what is sent, so the annotation is safe to trust as written.
 *
 * @public
 */
export const AIRFLOW_NOTIFICATIONS_ANNOTATION =
  'airflow.apache.org/notifications';

/**
 * True when the entity's annotations opt it out of Airflow notifications.
 *
 * @public
 */
export function isAirflowNotificationsOptedOut(entity: Entity): boolean {
  const value = entity.metadata.annotations?.[AIRFLOW_NOTIFICATIONS_ANNOTATION];
  return ['off', 'false', 'disabled'].includes(
    (value ?? '').trim().toLocaleLowerCase('en-US'),
  );
}
