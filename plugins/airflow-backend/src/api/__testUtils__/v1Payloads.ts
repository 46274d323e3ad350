/*
 * Airflow 2 (/api/v1) bodies shaped like the v1 OpenAPI schemas (2.10/2.11):
 * nullable fields null, optional ones missing, plus an unknown key.
 */

export const v1Dag = {
  dag_id: 'sales_daily',
  dag_display_name: 'Sales daily',
  root_dag_id: null,
  is_paused: null,
  is_active: true,
  is_subdag: false,
  last_parsed_time: '2025-03-01T10:00:00+00:00',
  last_pickled: null,
  last_expired: null,
  scheduler_lock: null,
  pickle_id: null,
  default_view: 'grid',
  fileloc: '/opt/airflow/dags/sales.py',
  file_token: 'abc',
  owners: ['data-eng'],
  description: null,
  schedule_interval: { __type: 'CronExpression', value: '0 6 * * *' },
  timetable_description: 'At 06:00',
  tags: [{ name: 'sales' }],
  max_active_tasks: 16,
  max_active_runs: 16,
  has_task_concurrency_limits: null,
  has_import_errors: null,
  next_dagrun: '2025-03-02T06:00:00+00:00',
  next_dagrun_data_interval_start: null,
  next_dagrun_data_interval_end: null,
  next_dagrun_create_after: '2025-03-03T06:00:00+00:00',
  max_consecutive_failed_dag_runs: null,
  an_extra_field: 'x',
};

/** `fields=` style sparse answer: only a few keys, schedule as TimeDelta. */
export const v1DagSparse = {
  dag_id: 'hourly_sync',
  is_active: false,
  schedule_interval: {
    __type: 'TimeDelta',
    days: 1,
    seconds: 3723,
    microseconds: 0,
  },
};

export const v1Run = {
  dag_run_id: 'scheduled__2025-03-01T06:00:00+00:00',
  dag_id: 'sales_daily',
  logical_date: null,
  execution_date: '2025-03-01T06:00:00+00:00',
  start_date: '2025-03-02T06:00:01+00:00',
  end_date: null,
  data_interval_start: null,
  data_interval_end: null,
  last_scheduling_decision: null,
  run_type: 'scheduled',
  state: 'failed',
  external_trigger: false,
  conf: {},
  note: null,
};

export const v1TaskInstance = {
  task_id: 'extract',
  task_display_name: 'extract',
  dag_id: 'sales_daily',
  dag_run_id: 'scheduled__2025-03-01T06:00:00+00:00',
  execution_date: '2025-03-01T06:00:00+00:00',
  start_date: null,
  end_date: null,
  duration: null,
  state: 'none',
  try_number: 1,
  map_index: -1,
  max_tries: 0,
  hostname: '',
  unixname: 'airflow',
  pool: 'default_pool',
  pool_slots: 1,
  queue: null,
  priority_weight: null,
  operator: 'PythonOperator',
  queued_when: null,
  pid: null,
  executor: null,
  executor_config: '{}',
  sla_miss: null,
  rendered_map_index: null,
  rendered_fields: {},
  trigger: null,
  triggerer_job: null,
  note: null,
};

export const v1Health = {
  metadatabase: { status: 'healthy' },
  scheduler: { status: 'unhealthy', latest_scheduler_heartbeat: null },
  triggerer: { status: null, latest_triggerer_heartbeat: null },
};
