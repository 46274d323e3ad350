/**
 * The Airflow version the environment reports, e.g. `3.0.6`.
 *
 * @public
 */
export const AIRFLOW_VERSION_ANNOTATION = 'airflow.apache.org/version';
/**
 * The Airflow REST API the portal speaks with the environment: `v1` or `v2`.
 *
 * @public
 */
export const AIRFLOW_API_VERSION_ANNOTATION = 'airflow.apache.org/api-version';
/**
 * How the portal reaches the environment: `jwt`, `token`, `basic` or `mwaa`
 * (the kind only, never a credential or a host).
 *
 * @public
 */
export const AIRFLOW_TRANSPORT_ANNOTATION = 'airflow.apache.org/transport';
