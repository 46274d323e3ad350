/**
 * Types, annotation names and shared helpers of the Airflow plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './model';
export * from './permissions';
