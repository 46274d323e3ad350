import type {
  AirflowDag,
  AirflowDagRun,
  AirflowLogChunk,
  AirflowLogLine,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import { bool, isObject, JsonObject, optString, readObject } from './readers';
import type { UiLinks } from './uiLinks';
import { mapRunDagVersions } from './readsMapping';
import {
  runIds,
  sharedDagFields,
  sharedRunFields,
  sharedTaskInstanceFields,
} from './sharedFields';

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
    ...sharedDagFields(dag, environment, dagId, links),
    isActive: !bool(dag.is_stale, false),
    schedule: optString(dag.timetable_summary),
    nextRunLogicalDate: optString(dag.next_dagrun_logical_date),
    nextRunAfter: optString(dag.next_dagrun_run_after),
  };
}

/** `DAGRunResponse`; undefined when the item lacks its ids. */
export function mapV2Run(
  run: JsonObject,
  environment: string,
  links: UiLinks,
): AirflowDagRun | undefined {
  const ids = runIds(run);
  if (!ids) {
    return undefined;
  }
  return {
    ...sharedRunFields(run, environment, ids, links),
    logicalDate: run.logical_date === null ? null : optString(run.logical_date),
    runAfter: optString(run.run_after),
    queuedAt: optString(run.queued_at),
    triggeredBy: optString(run.triggered_by),
    dagVersions: mapRunDagVersions(run.dag_versions),
  };
}

/** `TaskInstanceResponse`; undefined when the item has no `task_id`. */
export function mapV2TaskInstance(
  ti: JsonObject,
  environment: string,
  fallback: { dagId: string; runId: string },
  links: UiLinks,
): AirflowTaskInstance | undefined {
  const shared = sharedTaskInstanceFields(ti, environment, fallback, links);
  return shared && { ...shared, state: optString(ti.state) ?? null };
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
