import type {
  AirflowAffectedTaskInstance,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';

/**
 * States in which a task instance is done: marking its run changes it no
 * more (Airflow's `State.finished`).
 */
const FINISHED = new Set([
  'success',
  'failed',
  'skipped',
  'upstream_failed',
  'removed',
]);

/** The task instances that marking their run success or failed would end. */
export function unfinishedTaskInstances(
  taskInstances: AirflowTaskInstance[],
): AirflowAffectedTaskInstance[] {
  return taskInstances
    .filter(ti => ti.state === null || !FINISHED.has(ti.state))
    .map(ti => ({
      taskId: ti.taskId,
      runId: ti.runId,
      mapIndex: ti.mapIndex,
      state: ti.state,
    }));
}
