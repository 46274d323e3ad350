/**
 * Backend plugin that serves Apache Airflow data (Airflow 2 and 3, direct or
 * Amazon MWAA) to the portal.
 *
 * @packageDocumentation
 */
export { airflowPlugin as default } from './plugin';
