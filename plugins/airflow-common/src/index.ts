/**
 * Types, annotation names, permissions and identifier rules of the Airflow plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './approvalsAndBackfills';
export * from './dagResourceRef';
export * from './model';
export * from './permissions';
export * from './runActions';
export * from './validation';
export * from './entityTabPath';
