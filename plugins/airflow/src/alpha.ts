/**
 * The Airflow plugin for apps on the new frontend system: add it to the app's
 * `features` (or let `app.packages: all` discover it).
 *
 * @packageDocumentation
 */
import { airflowPlugin } from './alpha/plugin';

export default airflowPlugin;
