import { AirflowStore } from '../../state/store';
import { timetableSummary } from '../../state/schedules';
import {
  DagDef,
  ImportErrorRecord,
  RunRecord,
  Schedule,
  TaskInstanceView,
} from '../../state/types';
import { isoV1 } from '../../util/time';
import {
  DAGS_FOLDER,
  fileToken,
  lastParsedTime,
  nextRun,
  runDuration,
} from '../common';

/** Airflow 2 (`/api/v1`) response shapes. */

/** The spec's ScheduleInterval: CronExpression, TimeDelta or RelativeDelta (discriminated by `__type`). */
export function scheduleInterval(schedule: Schedule) {
  switch (schedule.kind) {
    case 'cron':
      return { __type: 'CronExpression', value: schedule.cron };
    case 'timedelta': {
      const seconds = Math.floor(schedule.intervalMs / 1000);
      return {
        __type: 'TimeDelta',
        days: Math.floor(seconds / 86400),
        seconds: seconds % 86400,
        microseconds: 0,
      };
    }
    case 'relativedelta':
      return {
        __type: 'RelativeDelta',
        years: 0,
        months: schedule.months,
        days: 0,
        leapdays: 0,
        hours: 0,
        minutes: 0,
        seconds: 0,
        microseconds: 0,
        year: 0,
        month: 0,
        day: 0,
        hour: 0,
        minute: 0,
        second: 0,
        microsecond: 0,
      };
    default:
      return null;
  }
}

export function dagV1(store: AirflowStore, dag: DagDef) {
  const next = nextRun(store, dag);
  return {
    dag_id: dag.dagId,
    dag_display_name: dag.displayName,
    root_dag_id: null,
    is_paused: store.isPaused(dag.dagId),
    is_active: true,
    is_subdag: false,
    last_parsed_time: isoV1(lastParsedTime(store, dag)),
    last_pickled: null,
    last_expired: null,
    scheduler_lock: null,
    pickle_id: null,
    default_view: 'grid',
    fileloc: `${DAGS_FOLDER}/${dag.relativeFileloc}`,
    file_token: fileToken(store, dag),
    owners: dag.owners,
    description: dag.description,
    schedule_interval: scheduleInterval(dag.schedule),
    timetable_description: timetableSummary(dag.schedule).description,
    tags: dag.tags.map(name => ({ name })),
    max_active_tasks: dag.maxActiveTasks,
    max_active_runs: dag.maxActiveRuns,
    has_task_concurrency_limits: false,
    has_import_errors: false,
    next_dagrun: isoV1(next.logicalDate),
    next_dagrun_data_interval_start: isoV1(next.intervalStart),
    next_dagrun_data_interval_end: isoV1(next.intervalEnd),
    next_dagrun_create_after: isoV1(next.runAfter),
    max_consecutive_failed_dag_runs: 0,
  };
}

export function dagDetailV1(store: AirflowStore, dag: DagDef) {
  return {
    ...dagV1(store, dag),
    timezone: "Timezone('UTC')",
    catchup: dag.catchup,
    orientation: 'LR',
    concurrency: dag.maxActiveTasks,
    start_date: isoV1(dag.startDate),
    dag_run_timeout: null,
    dataset_expression: null,
    doc_md: dag.docMd,
    params: Object.fromEntries(
      Object.entries(dag.params).map(([name, p]) => [
        name,
        {
          __class: 'airflow.models.param.Param',
          value: p.value,
          description: p.description,
          schema: p.schema,
        },
      ]),
    ),
    end_date: null,
    is_paused_upon_creation: null,
    last_parsed: isoV1(lastParsedTime(store, dag)),
    template_search_path: null,
    render_template_as_native_obj: false,
  };
}

export function dagRunV1(store: AirflowStore, run: RunRecord) {
  const view = store.viewRun(run);
  return {
    dag_run_id: run.runId,
    dag_id: run.dagId,
    logical_date: isoV1(run.logicalDate),
    execution_date: isoV1(run.logicalDate),
    start_date: isoV1(view.startDate),
    end_date: isoV1(view.endDate),
    data_interval_start: isoV1(run.dataIntervalStart),
    data_interval_end: isoV1(run.dataIntervalEnd),
    last_scheduling_decision: isoV1(view.lastSchedulingDecision),
    run_type:
      run.runType === 'asset_triggered' ? 'dataset_triggered' : run.runType,
    state: view.state,
    external_trigger: run.externalTrigger,
    conf: run.conf,
    note: run.note,
  };
}

export function taskInstanceV1(store: AirflowStore, ti: TaskInstanceView) {
  const dag = store.dags.get(ti.run.dagId)!;
  const started = ti.startDate !== null;
  return {
    task_id: ti.task.taskId,
    task_display_name: ti.task.taskId,
    dag_id: ti.run.dagId,
    dag_run_id: ti.run.runId,
    execution_date: isoV1(ti.run.logicalDate),
    start_date: isoV1(ti.startDate),
    end_date: isoV1(ti.endDate),
    duration: runDuration(ti.startDate, ti.endDate),
    state: ti.state,
    try_number: ti.tryNumber,
    map_index: -1,
    max_tries: ti.task.retries,
    hostname: started ? ti.plan.hostname : '',
    unixname: 'airflow',
    pool: ti.task.pool,
    pool_slots: 1,
    queue: ti.task.queue,
    priority_weight: dag.tasks.length - dag.tasks.indexOf(ti.task),
    operator: ti.task.operator,
    queued_when: isoV1(ti.queuedWhen),
    pid: started ? ti.plan.pid : null,
    executor: null,
    executor_config: '{}',
    sla_miss: null,
    rendered_map_index: null,
    rendered_fields: {},
    trigger: null,
    triggerer_job: null,
    note: ti.note ?? null,
  };
}

export function importErrorV1(rec: ImportErrorRecord) {
  return {
    import_error_id: rec.id,
    timestamp: isoV1(rec.timestamp),
    filename: `/opt/airflow/${rec.filename}`,
    stack_trace: rec.stackTrace,
  };
}
