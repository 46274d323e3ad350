import { isoV2 } from '../../util/time';
import { AirflowStore } from '../../state/store';
import { timetableSummary } from '../../state/schedules';
import {
  DagDef,
  ImportErrorRecord,
  RunRecord,
  TaskInstanceView,
} from '../../state/types';
import {
  BUNDLE_NAME,
  DAGS_FOLDER,
  dagVersionId,
  fileToken,
  lastParsedTime,
  nextRun,
  runDuration,
} from '../common';

/** Airflow 3 (`/api/v2`) response shapes; every required field is present, nullable ones as null. */

export function dagVersion(store: AirflowStore, dag: DagDef) {
  return {
    id: dagVersionId(store, dag),
    version_number: 1,
    dag_id: dag.dagId,
    bundle_name: BUNDLE_NAME,
    bundle_version: null,
    created_at: isoV2(store.bootTime - 3600_000),
    dag_display_name: dag.displayName,
    bundle_url: null,
  };
}

export function dagResponse(store: AirflowStore, dag: DagDef) {
  const next = nextRun(store, dag);
  const tt = timetableSummary(dag.schedule);
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.displayName,
    is_paused: store.isPaused(dag.dagId),
    is_stale: false,
    last_parsed_time: isoV2(lastParsedTime(store, dag)),
    last_parse_duration: 0.05 + (dag.tasks.length % 7) / 100,
    last_expired: null,
    bundle_name: BUNDLE_NAME,
    bundle_version: null,
    relative_fileloc: dag.relativeFileloc,
    fileloc: `${DAGS_FOLDER}/${dag.relativeFileloc}`,
    description: dag.description,
    timetable_summary: tt.summary,
    timetable_description: tt.description,
    timetable_partitioned: false,
    tags: dag.tags.map(name => ({
      name,
      dag_id: dag.dagId,
      dag_display_name: dag.displayName,
    })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    max_consecutive_failed_dag_runs: 0,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun_logical_date: isoV2(next.logicalDate),
    next_dagrun_data_interval_start: isoV2(next.intervalStart),
    next_dagrun_data_interval_end: isoV2(next.intervalEnd),
    next_dagrun_run_after: isoV2(next.runAfter),
    allowed_run_types: null,
    owners: dag.owners,
    file_token: fileToken(store, dag),
  };
}

/** Params as Airflow serialises `Param` objects: name → {__class, value, description, schema, source}. */
function params(dag: DagDef) {
  return Object.fromEntries(
    Object.entries(dag.params).map(([name, p]) => [
      name,
      {
        __class: 'airflow.sdk.definitions.param.Param',
        value: p.value,
        description: p.description,
        schema: p.schema,
        source: null,
      },
    ]),
  );
}

export function dagDetails(store: AirflowStore, dag: DagDef) {
  const active = store
    .runsOf(dag.dagId)
    .filter(r => ['queued', 'running'].includes(store.viewRun(r).state)).length;
  return {
    ...dagResponse(store, dag),
    catchup: dag.catchup,
    dag_run_timeout: null,
    asset_expression: null,
    doc_md: dag.docMd,
    start_date: isoV2(dag.startDate),
    end_date: null,
    is_paused_upon_creation: null,
    params: params(dag),
    render_template_as_native_obj: false,
    template_search_path: null,
    timezone: 'UTC',
    last_parsed: isoV2(lastParsedTime(store, dag)),
    default_args: {
      owner: dag.owners.join(','),
      retries: dag.tasks[0]?.retries ?? 1,
    },
    owner_links: {},
    is_favorite: false,
    active_runs_count: active,
    concurrency: dag.maxActiveTasks,
    latest_dag_version: dagVersion(store, dag),
  };
}

export function dagRunResponse(store: AirflowStore, run: RunRecord) {
  const dag = store.dags.get(run.dagId)!;
  const view = store.viewRun(run);
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: isoV2(run.logicalDate),
    queued_at: isoV2(run.queuedAt),
    start_date: isoV2(view.startDate),
    end_date: isoV2(view.endDate),
    duration: runDuration(view.startDate, view.endDate),
    data_interval_start: isoV2(run.dataIntervalStart),
    data_interval_end: isoV2(run.dataIntervalEnd),
    run_after: isoV2(run.runAfter),
    last_scheduling_decision: isoV2(view.lastSchedulingDecision),
    run_type: run.runType,
    state: view.state,
    triggered_by: run.triggeredBy,
    triggering_user_name: run.triggeringUser,
    conf: run.conf,
    note: run.note,
    dag_versions: [dagVersion(store, dag)],
    bundle_version: null,
    dag_display_name: dag.displayName,
    partition_key: null,
  };
}

export function taskInstanceResponse(
  store: AirflowStore,
  ti: TaskInstanceView,
) {
  const dag = store.dags.get(ti.run.dagId)!;
  const started = ti.startDate !== null;
  return {
    id: ti.plan.uuid,
    task_id: ti.task.taskId,
    dag_id: ti.run.dagId,
    dag_run_id: ti.run.runId,
    map_index: -1,
    logical_date: isoV2(ti.run.logicalDate),
    run_after: isoV2(ti.run.runAfter),
    start_date: isoV2(ti.startDate),
    end_date: isoV2(ti.endDate),
    duration: runDuration(ti.startDate, ti.endDate),
    state: ti.state,
    try_number: ti.tryNumber,
    max_tries: ti.task.retries,
    task_display_name: ti.task.taskId,
    dag_display_name: dag.displayName,
    hostname: started ? ti.plan.hostname : null,
    unixname: started ? 'airflow' : null,
    pool: ti.task.pool,
    pool_slots: 1,
    queue: ti.task.queue,
    priority_weight: dag.tasks.length - dag.tasks.indexOf(ti.task),
    operator: ti.task.operator,
    operator_name: ti.task.operatorName,
    queued_when: isoV2(ti.queuedWhen),
    scheduled_when: isoV2(ti.scheduledWhen),
    pid: started ? ti.plan.pid : null,
    executor: null,
    executor_config: '{}',
    note: ti.note ?? null,
    rendered_map_index: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    dag_version: dagVersion(store, dag),
  };
}

export function importErrorResponse(rec: ImportErrorRecord) {
  return {
    import_error_id: rec.id,
    timestamp: isoV2(rec.timestamp),
    filename: rec.filename,
    bundle_name: BUNDLE_NAME,
    stack_trace: rec.stackTrace,
  };
}
