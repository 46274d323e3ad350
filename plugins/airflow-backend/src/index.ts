/**
 * Backend plugin that serves Apache Airflow data (Airflow 2 and 3, direct or
 * Amazon MWAA) to the portal.
 *
 * @packageDocumentation
 */
export { airflowPlugin as default, createAirflowPlugin } from './plugin';
export type { AirflowPluginOptions } from './plugin';
