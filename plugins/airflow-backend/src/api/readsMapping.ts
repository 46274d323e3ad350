import type {
  AirflowDagVersion,
  AirflowEventLogEntry,
} from '@airflow-portal/plugin-airflow-common';
import { isObject, JsonObject, optNumber, optString } from './readers';

/*
 * Payloads of the newer reads → shared model: Airflow's event log (v2
 * `EventLogResponse`, v1 `EventLog`) and DAG versions (v2
 * `DagVersionResponse`, also inside `DAGRunResponse.dag_versions`).
 */

/** `EventLogResponse` / `EventLog`; undefined without `event_log_id`. */
export function mapEventLog(
  item: JsonObject,
): AirflowEventLogEntry | undefined {
  const id = optNumber(item.event_log_id);
  if (id === undefined) {
    return undefined;
  }
  return {
    id,
    when: optString(item.when) ?? '',
    event: optString(item.event) ?? '',
    owner: optString(item.owner),
    dagId: optString(item.dag_id),
    taskId: optString(item.task_id),
    runId: optString(item.run_id),
    mapIndex: optNumber(item.map_index),
    tryNumber: optNumber(item.try_number),
    // v2 `logical_date`, v1 `execution_date`.
    logicalDate: optString(item.logical_date) ?? optString(item.execution_date),
    extra: optString(item.extra),
  };
}

/** `DagVersionResponse`; undefined without `version_number`. */
export function mapDagVersion(item: JsonObject): AirflowDagVersion | undefined {
  const versionNumber = optNumber(item.version_number);
  if (versionNumber === undefined) {
    return undefined;
  }
  return {
    id: optString(item.id),
    versionNumber,
    dagId: optString(item.dag_id),
    bundleName: optString(item.bundle_name),
    bundleVersion: optString(item.bundle_version),
    createdAt: optString(item.created_at),
    bundleUrl: optString(item.bundle_url),
  };
}

/** `DAGRunResponse.dag_versions`; undefined when the run has none (Airflow 2). */
export function mapRunDagVersions(
  value: unknown,
): AirflowDagVersion[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  return value.flatMap(item =>
    isObject(item) ? mapDagVersion(item) ?? [] : [],
  );
}
