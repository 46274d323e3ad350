import type {
  AirflowDag,
  AirflowDagRun,
  AirflowTaskInstance,
  DagRunState,
} from '@airflow-portal/plugin-airflow-common';
import {
  bool,
  isObject,
  JsonObject,
  optNumber,
  optString,
  stringList,
  tagNames,
} from './readers';
import type { UiLinks } from './uiLinks';

/*
 * Fields that Airflow 2 (/api/v1) and Airflow 3 (/api/v2) name and mean alike.
 * Each version's mapper adds what differs; both specs were read for each name.
 */

/** Fields of `DAG` (v1) and `DAGResponse` (v2) that the two share. */
export function sharedDagFields(
  dag: JsonObject,
  environment: string,
  dagId: string,
  links: UiLinks,
) {
  return {
    environment,
    dagId,
    displayName: optString(dag.dag_display_name) ?? dagId,
    description: optString(dag.description),
    isPaused: bool(dag.is_paused, false),
    owners: stringList(dag.owners),
    tags: tagNames(dag.tags),
    scheduleDescription: optString(dag.timetable_description),
    hasImportErrors: bool(dag.has_import_errors, false),
    fileloc: optString(dag.fileloc),
    lastParsedTime: optString(dag.last_parsed_time),
    maxActiveRuns: optNumber(dag.max_active_runs),
    uiUrl: links.dag(dagId),
  } satisfies Partial<AirflowDag>;
}

/** The ids of a run item, or undefined when either is missing. */
export function runIds(
  run: JsonObject,
): { dagId: string; runId: string } | undefined {
  const dagId = optString(run.dag_id);
  const runId = optString(run.dag_run_id);
  return dagId && runId ? { dagId, runId } : undefined;
}

/** Fields of `DAGRun` (v1) and `DAGRunResponse` (v2) that the two share. */
export function sharedRunFields(
  run: JsonObject,
  environment: string,
  ids: { dagId: string; runId: string },
  links: UiLinks,
) {
  return {
    environment,
    ...ids,
    // A state newer Airflow versions may add is passed through as-is.
    state: (optString(run.state) ?? 'queued') as DagRunState,
    runType: optString(run.run_type),
    startDate: optString(run.start_date),
    endDate: optString(run.end_date),
    conf: isObject(run.conf) ? run.conf : undefined,
    note: optString(run.note),
    uiUrl: links.run(ids.dagId, ids.runId),
  } satisfies Partial<AirflowDagRun>;
}

/**
 * Fields of `TaskInstance` (v1) and `TaskInstanceResponse` (v2) that the two
 * share, all but `state`; undefined when the item has no `task_id`.
 */
export function sharedTaskInstanceFields(
  ti: JsonObject,
  environment: string,
  fallback: { dagId: string; runId: string },
  links: UiLinks,
): Omit<AirflowTaskInstance, 'state'> | undefined {
  const taskId = optString(ti.task_id);
  if (!taskId) {
    return undefined;
  }
  const dagId = optString(ti.dag_id) ?? fallback.dagId;
  const runId = optString(ti.dag_run_id) ?? fallback.runId;
  const mapIndex = optNumber(ti.map_index) ?? -1;
  return {
    environment,
    dagId,
    runId,
    taskId,
    displayName: optString(ti.task_display_name),
    mapIndex,
    tryNumber: optNumber(ti.try_number) ?? 0,
    maxTries: optNumber(ti.max_tries),
    operator: optString(ti.operator),
    startDate: optString(ti.start_date),
    endDate: optString(ti.end_date),
    durationSeconds: optNumber(ti.duration),
    hostname: optString(ti.hostname),
    pool: optString(ti.pool),
    queue: optString(ti.queue),
    uiUrl: links.task(dagId, runId, taskId, mapIndex),
    note: optString(ti.note),
  };
}
