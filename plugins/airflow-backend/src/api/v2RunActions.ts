import type { RunActionDialect } from './runActionTypes';
import { upstreamPath } from './upstreamPath';

/**
 * Airflow 3 (`/api/v2`). Bodies carry only fields Airflow 3.0 knows (they
 * are `additionalProperties: false`): `DAGRunClearBody`,
 * `ClearTaskInstancesBody`, `PatchTaskInstanceBody`, `DAGRunPatchBody`.
 * PATCHes name what they change in `update_mask`.
 */
export const v2RunActions: RunActionDialect = {
  runClear: (request, dryRun) => ({
    method: 'POST',
    path: upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}/clear`,
    body: { dry_run: dryRun, only_failed: request.onlyFailed },
  }),
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
    },
  }),
  // Airflow 3 has a dry-run path of its own; there is no body form.
  markTask: (request, dryRun) => ({
    method: 'PATCH',
    path: dryRun
      ? upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}/taskInstances/${request.taskId}/dry_run`
      : upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}/taskInstances/${request.taskId}`,
    query: { map_index: request.mapIndex, update_mask: 'new_state' },
    body: {
      new_state: request.state,
      include_upstream: request.includeUpstream,
      include_downstream: request.includeDownstream,
    },
  }),
  markRun: request => ({
    method: 'PATCH',
    path: upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}`,
    query: { update_mask: 'state' },
    body: { state: request.state },
  }),
  note: request => ({
    method: 'PATCH',
    path:
      request.taskId === undefined
        ? upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}`
        : upstreamPath`/dags/${request.dagId}/dagRuns/${request.runId}/taskInstances/${request.taskId}`,
    query: {
      map_index: request.taskId === undefined ? undefined : request.mapIndex,
      update_mask: 'note',
    },
    body: { note: request.note },
  }),
};
