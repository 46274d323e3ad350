import type {
  AirflowDag,
  AirflowDagRun,
  AirflowLogChunk,
  AirflowLogLine,
  AirflowTaskInstance,
  DagRunState,
} from '@airflow-portal/plugin-airflow-common';
import {
  bool,
  isObject,
  JsonObject,
  optNumber,
  optString,
  readObject,
  stringList,
  tagNames,
} from './readers';
import type { UiLinks } from './uiLinks';

/* Airflow 3 (/api/v2) payloads → shared model. Field names per the v2 OpenAPI spec. */

/** `DAGResponse`; undefined when the item has no `dag_id`. */
export function mapV2Dag(
  dag: JsonObject,
  environment: string,
  links: UiLinks,
): AirflowDag | undefined {
  const dagId = optString(dag.dag_id);
  if (!dagId) {
    return undefined;
  }
  return {
    environment,
    dagId,
    displayName: optString(dag.dag_display_name) ?? dagId,
    description: optString(dag.description),
    isPaused: bool(dag.is_paused, false),
    isActive: !bool(dag.is_stale, false),
    owners: stringList(dag.owners),
    tags: tagNames(dag.tags),
    schedule: optString(dag.timetable_summary),
    scheduleDescription: optString(dag.timetable_description),
    nextRunLogicalDate: optString(dag.next_dagrun_logical_date),
    nextRunAfter: optString(dag.next_dagrun_run_after),
    hasImportErrors: bool(dag.has_import_errors, false),
    fileloc: optString(dag.fileloc),
    lastParsedTime: optString(dag.last_parsed_time),
    maxActiveRuns: optNumber(dag.max_active_runs),
    uiUrl: links.dag(dagId),
  };
}

/** `DAGRunResponse`; undefined when the item lacks its ids. */
export function mapV2Run(
  run: JsonObject,
  environment: string,
  links: UiLinks,
): AirflowDagRun | undefined {
  const dagId = optString(run.dag_id);
  const runId = optString(run.dag_run_id);
  if (!dagId || !runId) {
    return undefined;
  }
  return {
    environment,
    dagId,
    runId,
    // A state newer Airflow versions may add is passed through as-is.
    state: (optString(run.state) ?? 'queued') as DagRunState,
    runType: optString(run.run_type),
    logicalDate: run.logical_date === null ? null : optString(run.logical_date),
    runAfter: optString(run.run_after),
    queuedAt: optString(run.queued_at),
    startDate: optString(run.start_date),
    endDate: optString(run.end_date),
    conf: isObject(run.conf) ? run.conf : undefined,
    note: optString(run.note),
    triggeredBy: optString(run.triggered_by),
    uiUrl: links.run(dagId, runId),
  };
}

/** `TaskInstanceResponse`; undefined when the item has no `task_id`. */
export function mapV2TaskInstance(
  ti: JsonObject,
  environment: string,
  fallback: { dagId: string; runId: string },
  links: UiLinks,
): AirflowTaskInstance | undefined {
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
    state: optString(ti.state) ?? null,
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
  };
}

/** `StructuredLogMessage` (`event` plus extra keys) or a plain string line. */
function mapV2LogLine(item: unknown): AirflowLogLine | undefined {
  if (typeof item === 'string') {
    return { message: item };
  }
  if (!isObject(item)) {
    return undefined;
  }
  return {
    timestamp: optString(item.timestamp),
    level: optString(item.level),
    message: optString(item.event) ?? '',
  };
}

/** `TaskInstancesLogResponse`: `continuation_token` is null at the end of the log. */
export function mapV2LogChunk(
  body: unknown,
  environment: string,
): AirflowLogChunk {
  const log = readObject(body, environment);
  const content = Array.isArray(log.content) ? log.content : [];
  const lines = content.flatMap(item => mapV2LogLine(item) ?? []);
  const token = optString(log.continuation_token);
  return token
    ? { lines, continuationToken: token, endOfLog: false }
    : { lines, endOfLog: true };
}
