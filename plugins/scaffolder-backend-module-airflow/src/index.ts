/**
 * Scaffolder backend module with template actions on Airflow DAGs:
 * trigger, pause and clear, on behalf of the user who runs the template.
 *
 * @packageDocumentation
 */
export { scaffolderModuleAirflow as default } from './module';
export { createTriggerDagAction } from './actions/createTriggerDagAction';
export { createPauseDagAction } from './actions/createPauseDagAction';
export { createClearRunAction } from './actions/createClearRunAction';
