import type {
  AirflowDag,
  AirflowDagRun,
  AirflowLogChunk,
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
import { describeScheduleInterval } from './v1Schedule';
import { readV1TokenEndOfLog, unwrapPythonLogRepr } from './v1LogContent';

/* Airflow 2 (/api/v1) payloads → shared model. Field names per the v1 OpenAPI spec. */

/** `DAG`; undefined when the item has no `dag_id`. */
export function mapV1Dag(
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
    isActive: bool(dag.is_active, true),
    owners: stringList(dag.owners),
    tags: tagNames(dag.tags),
    schedule: describeScheduleInterval(dag.schedule_interval),
    scheduleDescription: optString(dag.timetable_description),
    nextRunLogicalDate: optString(dag.next_dagrun),
    nextRunAfter: optString(dag.next_dagrun_create_after),
    hasImportErrors: bool(dag.has_import_errors, false),
    fileloc: optString(dag.fileloc),
    lastParsedTime: optString(dag.last_parsed_time),
    maxActiveRuns: optNumber(dag.max_active_runs),
    uiUrl: links.dag(dagId),
  };
}

/** `DAGRun`; `logical_date` with `execution_date` as the pre-2.2 fallback. */
export function mapV1Run(
  run: JsonObject,
  environment: string,
  links: UiLinks,
): AirflowDagRun | undefined {
  const dagId = optString(run.dag_id);
  const runId = optString(run.dag_run_id);
  if (!dagId || !runId) {
    return undefined;
  }
  const logicalDate =
    optString(run.logical_date) ?? optString(run.execution_date);
  return {
    environment,
    dagId,
    runId,
    state: (optString(run.state) ?? 'queued') as DagRunState,
    runType: optString(run.run_type),
    logicalDate: logicalDate ?? null,
    startDate: optString(run.start_date),
    endDate: optString(run.end_date),
    conf: isObject(run.conf) ? run.conf : undefined,
    note: optString(run.note),
    uiUrl: links.run(dagId, runId),
  };
}

/** `TaskInstance`; the deprecated `'none'` state reads as no state. */
export function mapV1TaskInstance(
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
  const state = optString(ti.state);
  return {
    environment,
    dagId,
    runId,
    taskId,
    displayName: optString(ti.task_display_name),
    mapIndex,
    state: state === undefined || state === 'none' ? null : state,
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

/**
 * `{continuation_token, content: string}`. The token is always returned; the
 * log ends when its metadata says so or, if unreadable, when a chunk is empty.
 */
export function mapV1LogChunk(
  body: unknown,
  environment: string,
): AirflowLogChunk {
  const log = readObject(body, environment);
  const raw = optString(log.content) ?? '';
  const text = unwrapPythonLogRepr(raw) ?? raw;
  const lines =
    text === '' ? [] : text.split('\n').map(message => ({ message }));
  const token = optString(log.continuation_token);
  const endOfLog = token
    ? readV1TokenEndOfLog(token) ?? lines.length === 0
    : true;
  return endOfLog
    ? { lines, endOfLog: true }
    : { lines, continuationToken: token, endOfLog: false };
}
