/**
 * Search backend module: the Airflow DAGs bound to catalog entities, filtered
 * per reader by the permission framework.
 *
 * @packageDocumentation
 */
export { searchModuleAirflow as default } from './module';
export { AirflowDagCollatorFactory } from './collator/AirflowDagCollatorFactory';
export {
  AIRFLOW_DAG_DOCUMENT_TYPE,
  type AirflowDagDocument,
} from './collator/AirflowDagDocument';
