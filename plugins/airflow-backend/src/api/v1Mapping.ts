import type {
  AirflowDag,
  AirflowDagRun,
  AirflowLogChunk,
  AirflowTaskInstance,
} from '@airflow-portal/plugin-airflow-common';
import { bool, JsonObject, optString, readObject } from './readers';
import type { UiLinks } from './uiLinks';
import {
  runIds,
  sharedDagFields,
  sharedRunFields,
  sharedTaskInstanceFields,
} from './sharedFields';
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
    ...sharedDagFields(dag, environment, dagId, links),
    isActive: bool(dag.is_active, true),
    schedule: describeScheduleInterval(dag.schedule_interval),
    nextRunLogicalDate: optString(dag.next_dagrun),
    nextRunAfter: optString(dag.next_dagrun_create_after),
  };
}

/** `DAGRun`; `logical_date` with `execution_date` as the pre-2.2 fallback. */
export function mapV1Run(
  run: JsonObject,
  environment: string,
  links: UiLinks,
): AirflowDagRun | undefined {
  const ids = runIds(run);
  if (!ids) {
    return undefined;
  }
  const logicalDate =
    optString(run.logical_date) ?? optString(run.execution_date);
  return {
    ...sharedRunFields(run, environment, ids, links),
    logicalDate: logicalDate ?? null,
  };
}

/** `TaskInstance`; the deprecated `'none'` state reads as no state. */
export function mapV1TaskInstance(
  ti: JsonObject,
  environment: string,
  fallback: { dagId: string; runId: string },
  links: UiLinks,
): AirflowTaskInstance | undefined {
  const shared = sharedTaskInstanceFields(ti, environment, fallback, links);
  if (!shared) {
    return undefined;
  }
  const state = optString(ti.state);
  return {
    ...shared,
    state: state === undefined || state === 'none' ? null : state,
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
