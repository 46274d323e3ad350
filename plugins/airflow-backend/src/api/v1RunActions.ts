import type { RunActionDialect } from './runActionTypes';
import { upstreamPath } from './upstreamPath';

/**
 * Airflow 2 (`/api/v1`): `ClearDagRun`, `ClearTaskInstances`,
 * `UpdateTaskInstancesState` (a body form: the run id travels in the body),
 * `UpdateDagRunState`, `SetDagRunNote` and `SetTaskInstanceNote`.
 */
export const v1RunActions: RunActionDialect = {
  // ClearDagRun has only `dry_run`: "retry failed" goes through clearTaskInstances.
  runClear: (request, dryRun) =>
    request.onlyFailed
      ? undefined
      : {
          method: 'POST',
          path: upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}/clear`,
          body: { dry_run: dryRun },
        },
  clearTaskInstances: (request, dryRun) => ({
    method: 'POST',
    path: upstreamPath`/dags/${request.dagId}/clearTaskInstances`,
    body: {
      dry_run: dryRun,
      dag_run_id: request.runId,
      task_ids: request.taskIds,
      only_failed: request.onlyFailed,
      include_upstream: request.includeUpstream,
      include_downstream: request.includeDownstream,
      // Airflow 2 sets the cleared runs back to running only when asked.
      reset_dag_runs: true,
    },
  }),
  // No map_index in this form: a mapped task is marked as a whole.
  markTask: (request, dryRun) => ({
    method: 'POST',
    path: upstreamPath`/dags/${request.dagId}/updateTaskInstancesState`,
    body: {
      dry_run: dryRun,
      task_id: request.taskId,
      dag_run_id: request.runId,
      new_state: request.state,
      include_upstream: request.includeUpstream,
      include_downstream: request.includeDownstream,
      include_future: false,
      include_past: false,
    },
  }),
  markRun: request => ({
    method: 'PATCH',
    path: upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}`,
    body: { state: request.state },
  }),
  note: request => {
    const { dagId, runId, taskId, mapIndex } = request;
    let path: string;
    if (taskId === undefined) {
      path = upstreamPath`/dags/${dagId}/dagRuns/${runId}/setNote`;
    } else if (mapIndex !== undefined && mapIndex >= 0) {
      path = upstreamPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/${mapIndex}/setNote`;
    } else {
      path = upstreamPath`/dags/${dagId}/dagRuns/${runId}/taskInstances/${taskId}/setNote`;
    }
    return { method: 'PATCH', path, body: { note: request.note } };
  },
};
