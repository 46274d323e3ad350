/**
 * Catalog backend module: Airflow environments (and optionally DAGs) as Resources.
 *
 * @packageDocumentation
 */
export { catalogModuleAirflow as default } from './module';
export {
  AIRFLOW_API_VERSION_ANNOTATION,
  AIRFLOW_TRANSPORT_ANNOTATION,
  AIRFLOW_VERSION_ANNOTATION,
} from './provider/annotations';
