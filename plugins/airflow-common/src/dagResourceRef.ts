import { isDagId, isEnvironmentName } from './validation';

/**
 * One DAG of one environment as a permission resource (`airflow-dag`), and
 * optionally the catalog entity through which it is named (`via`). The
 * entity only matters to a deployment that trusts catalog annotations
 * (`airflow.permissions.trustAnnotations`); otherwise the backend ignores it.
 *
 * @public
 */
export interface AirflowDagResourceRef {
  environment: string;
  dagId: string;
  /** Entity ref, e.g. `component:default/orders-service`. */
  via?: string;
}

/**
 * `<environment>:<dagId>`, or `<environment>:<dagId>@<entityRef>`.
 * Unambiguous: environment names cannot contain `:` and DAG ids (Airflow's
 * `KEY_REGEX`) neither `:` nor `@`.
 *
 * @public
 */
export function formatAirflowDagResourceRef(
  ref: AirflowDagResourceRef,
): string {
  const base = `${ref.environment}:${ref.dagId}`;
  return ref.via ? `${base}@${ref.via}` : base;
}

/**
 * The inverse of {@link formatAirflowDagResourceRef}; undefined for anything
 * that is not a well-formed DAG resource ref.
 *
 * @public
 */
export function parseAirflowDagResourceRef(
  value: string,
): AirflowDagResourceRef | undefined {
  const colon = value.indexOf(':');
  if (colon < 0) {
    return undefined;
  }
  const environment = value.slice(0, colon);
  const rest = value.slice(colon + 1);
  const at = rest.indexOf('@');
  const dagId = at < 0 ? rest : rest.slice(0, at);
  const via = at < 0 ? undefined : rest.slice(at + 1);
  if (!isEnvironmentName(environment) || !isDagId(dagId) || via === '') {
    return undefined;
  }
  return via === undefined
    ? { environment, dagId }
    : { environment, dagId, via };
}
