import { Prng } from '../util/prng';
import { DAY, HOUR } from '../util/time';
import { schedules } from './schedules';
import {
  DagDef,
  Flavor,
  ImportErrorRecord,
  ParamDef,
  Schedule,
  TaskDef,
} from './types';

type TaskSpec = [
  taskId: string,
  operator: string,
  meanSeconds: number,
  retries?: number,
];

function tasks(specs: TaskSpec[]): TaskDef[] {
  return specs.map(([taskId, operator, meanSeconds, retries]) => ({
    taskId,
    operator,
    operatorName: operator === '_PythonDecoratedOperator' ? '@task' : operator,
    retries: retries ?? 1,
    meanSeconds,
    pool: 'default_pool',
    queue: 'default',
  }));
}

/** A DAG param; Airflow repeats a `Param`'s description in its JSON schema. */
function param(
  value: unknown,
  description: string,
  schema: Record<string, unknown>,
): ParamDef {
  return { value, description, schema: { ...schema, description } };
}

interface DemoSpec {
  dagId: string;
  description: string;
  owners: string[];
  tags: string[];
  schedule: Schedule;
  tasks: TaskSpec[];
  params?: Record<string, ParamDef>;
  failureRate: number;
  paused?: boolean;
  folder: string;
  docMd?: string;
  /** Only in Airflow 3 (e.g. human-in-the-loop operators need Airflow 3.1). */
  airflow3Only?: boolean;
}

const DEMO_START = Date.UTC(2024, 0, 1);

/** The DAGs the demo catalog refers to; they exist in every simulated Airflow. */
const DEMO: DemoSpec[] = [
  {
    dagId: 'orders_daily_load',
    description:
      'Loads the daily orders export into the warehouse and refreshes the orders mart.',
    owners: ['team-data'],
    tags: ['orders', 'etl'],
    schedule: schedules.dailyAt(2),
    folder: 'orders',
    failureRate: 0.08,
    docMd:
      "### Orders daily load\nExtracts yesterday's orders from the OLTP export, validates and loads them.",
    tasks: [
      ['wait_for_orders_export', 'S3KeySensor', 90, 0],
      ['extract_orders', 'PythonOperator', 240],
      ['validate_orders', 'SQLColumnCheckOperator', 45],
      ['transform_orders', 'SparkSubmitOperator', 420, 2],
      ['load_orders_to_warehouse', 'SQLExecuteQueryOperator', 180],
      ['refresh_orders_mart', 'SQLExecuteQueryOperator', 120],
    ],
    params: {
      load_date: param(
        null,
        "Business date to load (defaults to the run's logical date).",
        { type: ['null', 'string'], format: 'date' },
      ),
      full_refresh: param(
        false,
        'Reload the whole history instead of one day.',
        { type: 'boolean', default: false },
      ),
    },
  },
  {
    dagId: 'orders_hourly_sync',
    description: 'Syncs order status changes from the shop API every hour.',
    owners: ['team-data'],
    tags: ['orders'],
    schedule: schedules.hourlyAt(15),
    folder: 'orders',
    failureRate: 0.04,
    tasks: [
      ['fetch_order_updates', 'HttpOperator', 35],
      ['upsert_orders', '_PythonDecoratedOperator', 60],
      ['publish_sync_metrics', '_PythonDecoratedOperator', 10],
    ],
  },
  {
    dagId: 'customer_360_build',
    description:
      'Builds the customer 360 profile from CRM, web events and support tickets.',
    owners: ['team-customer'],
    tags: ['customer-360', 'etl'],
    schedule: schedules.dailyAt(4),
    folder: 'customer_360',
    failureRate: 0.35,
    tasks: [
      ['extract_crm_contacts', 'PythonOperator', 150],
      ['extract_web_events', 'BigQueryInsertJobOperator', 300],
      ['extract_support_tickets', 'HttpOperator', 90],
      ['build_identity_graph', 'SparkSubmitOperator', 600, 2],
      ['compute_customer_features', 'SparkSubmitOperator', 480],
      ['publish_customer_360', 'SQLExecuteQueryOperator', 120],
    ],
  },
  {
    dagId: 'customer_360_export',
    description:
      'Exports the customer 360 profile to the CRM and the marketing platform.',
    owners: ['team-customer'],
    tags: ['customer-360'],
    schedule: schedules.none(),
    folder: 'customer_360',
    failureRate: 0.1,
    tasks: [
      ['export_profiles_to_s3', 'PythonOperator', 200],
      ['push_to_crm', 'HttpOperator', 120],
      ['notify_downstream', 'EmailOperator', 5, 0],
    ],
  },
  {
    dagId: 'payments_reconcile',
    description:
      'Reconciles PSP settlements against the ledger and flags discrepancies.',
    owners: ['team-payments'],
    tags: ['payments', 'finance'],
    schedule: schedules.dailyAt(5),
    folder: 'payments',
    failureRate: 0.8,
    tasks: [
      ['fetch_psp_settlements', 'HttpOperator', 120],
      ['fetch_ledger_entries', 'SQLExecuteQueryOperator', 90],
      ['match_transactions', 'PythonOperator', 300, 2],
      ['flag_discrepancies', 'PythonOperator', 60],
      ['post_reconciliation_report', 'SlackAPIPostOperator', 8, 0],
    ],
    params: {
      region: param('eu', 'Settlement region to reconcile.', {
        type: 'string',
        enum: ['eu', 'us'],
      }),
      dry_run: param(
        false,
        'Compute discrepancies without posting adjustments.',
        { type: 'boolean', default: false },
      ),
    },
  },
  {
    dagId: 'payments_fx_rates',
    description: 'Fetches hourly FX rates from ECB and Open Exchange Rates.',
    owners: ['team-payments'],
    tags: ['payments'],
    schedule: schedules.hourly(),
    folder: 'payments',
    failureRate: 0.05,
    tasks: [
      ['fetch_ecb_rates', 'HttpOperator', 20],
      ['fetch_openexchange_rates', 'HttpOperator', 25],
      ['merge_rates', '_PythonDecoratedOperator', 15],
      ['load_fx_rates', 'SQLExecuteQueryOperator', 30],
    ],
  },
  {
    // Its `approve` task waits for a human answer (see hitl.ts); short ids keep
    // the answer's path within MWAA's 64 characters.
    dagId: 'payouts',
    description:
      'Computes the payouts of a settlement batch and releases them to the PSP once approved.',
    owners: ['team-payments'],
    tags: ['payments', 'approvals'],
    schedule: schedules.none(),
    folder: 'payments',
    failureRate: 0,
    airflow3Only: true,
    tasks: [
      ['compute_payouts', 'SQLExecuteQueryOperator', 60],
      ['approve', 'ApprovalOperator', 5, 0],
      ['release_payouts', 'HttpOperator', 30],
      ['notify_finance', 'EmailOperator', 5, 0],
    ],
  },
  {
    dagId: 'campaign_attribution',
    description: 'Weekly multi-touch attribution of marketing campaigns.',
    owners: ['team-marketing'],
    tags: ['marketing'],
    schedule: schedules.weeklyMonday(6),
    folder: 'marketing',
    failureRate: 0.15,
    paused: true,
    tasks: [
      ['load_ad_spend', 'PythonOperator', 180],
      ['load_conversions', 'BigQueryInsertJobOperator', 240],
      ['run_attribution_model', 'KubernetesPodOperator', 900],
      ['publish_attribution_report', 'PythonOperator', 60],
    ],
  },
  {
    dagId: 'campaign_email_sync',
    description:
      'Syncs email engagement events and preferences with the email platform.',
    owners: ['team-marketing'],
    tags: ['marketing'],
    schedule: schedules.everyMinutes(30),
    folder: 'marketing',
    failureRate: 0.06,
    tasks: [
      ['pull_email_events', 'HttpOperator', 40],
      ['sync_email_preferences', '_PythonDecoratedOperator', 30],
    ],
  },
  {
    dagId: 'ml_feature_refresh',
    description:
      'Recomputes ML features and materialises them into the online store.',
    owners: ['team-ml'],
    tags: ['ml'],
    schedule: schedules.every(6 * HOUR),
    folder: 'ml',
    failureRate: 0.1,
    tasks: [
      ['compute_features', 'KubernetesPodOperator', 700],
      ['validate_feature_drift', '_PythonDecoratedOperator', 90],
      ['materialize_online_store', 'KubernetesPodOperator', 240],
    ],
  },
  {
    dagId: 'data_quality_checks',
    description:
      'Freshness, volume and uniqueness checks on the core warehouse tables.',
    owners: ['platform-team'],
    tags: ['quality', 'platform'],
    schedule: schedules.dailyAt(7),
    folder: 'platform',
    failureRate: 0.12,
    tasks: [
      ['check_orders_freshness', 'SQLCheckOperator', 30, 0],
      ['check_payments_row_counts', 'SQLValueCheckOperator', 45, 0],
      ['check_customer_uniqueness', 'SQLColumnCheckOperator', 60, 0],
      ['send_quality_report', 'EmailOperator', 5, 0],
    ],
  },
  {
    dagId: 'platform_cleanup',
    description:
      'Purges old task logs, vacuums the metadata database and rotates temp buckets.',
    owners: ['platform-team'],
    tags: ['platform'],
    schedule: schedules.daily(),
    folder: 'platform',
    failureRate: 0.03,
    tasks: [
      ['purge_old_logs', 'BashOperator', 120],
      ['vacuum_metadata_db', 'SQLExecuteQueryOperator', 300],
      ['rotate_temp_buckets', 'PythonOperator', 60],
    ],
  },
];

/** The demo DAGs every simulated Airflow has (Airflow 3 has a few more). */
export const DEMO_DAG_IDS = DEMO.filter(d => !d.airflow3Only).map(d => d.dagId);

function fromSpec(spec: DemoSpec, prng: Prng): DagDef {
  return {
    dagId: spec.dagId,
    displayName: spec.dagId,
    description: spec.description,
    owners: spec.owners,
    tags: spec.tags,
    schedule: spec.schedule,
    tasks: tasks(spec.tasks),
    params: spec.params ?? {},
    failureRate: spec.failureRate,
    pausedAtStart: spec.paused ?? false,
    relativeFileloc: `${spec.folder}/${spec.dagId}.py`,
    maxActiveRuns: 1,
    maxActiveTasks: 16,
    startDate: DEMO_START,
    catchup: false,
    docMd: spec.docMd ?? null,
    historyRuns: prng.int(8, 12),
  };
}

interface FillerFamily {
  prefix: string;
  tags: string[][];
  owners: string[];
  steps: TaskSpec[];
}

const FAMILIES: FillerFamily[] = [
  {
    prefix: 'etl_generated',
    tags: [
      ['etl', 'orders'],
      ['etl', 'inventory'],
      ['etl', 'finance'],
      ['etl', 'logistics'],
    ],
    owners: ['team-data', 'airflow'],
    steps: [
      ['extract', 'PythonOperator', 120],
      ['stage', 'S3CreateObjectOperator', 40],
      ['transform', 'SparkSubmitOperator', 300],
      ['load', 'SQLExecuteQueryOperator', 150],
      ['audit', '_PythonDecoratedOperator', 20],
    ],
  },
  {
    prefix: 'report_generated',
    tags: [['reporting'], ['reporting', 'finance'], ['reporting', 'marketing']],
    owners: ['team-analytics'],
    steps: [
      ['refresh_views', 'SQLExecuteQueryOperator', 90],
      ['render_report', 'PythonOperator', 60],
      ['send_report', 'EmailOperator', 5],
    ],
  },
  {
    prefix: 'ingest_generated',
    tags: [
      ['ingestion', 'kafka'],
      ['ingestion', 's3'],
      ['ingestion', 'api'],
    ],
    owners: ['platform-team', 'team-data'],
    steps: [
      ['wait_for_source', 'S3KeySensor', 60],
      ['ingest_batch', 'PythonOperator', 200],
      ['register_partition', 'GlueCrawlerOperator', 45],
    ],
  },
  {
    prefix: 'ml_generated',
    tags: [['ml'], ['ml', 'experiments']],
    owners: ['team-ml'],
    steps: [
      ['prepare_dataset', 'KubernetesPodOperator', 400],
      ['train_model', 'KubernetesPodOperator', 900],
      ['evaluate_model', '_PythonDecoratedOperator', 120],
      ['register_model', '_PythonDecoratedOperator', 20],
    ],
  },
];

const FILLER_SCHEDULES: (() => Schedule)[] = [
  () => schedules.dailyAt(1),
  () => schedules.dailyAt(3),
  () => schedules.hourly(),
  () => schedules.hourlyAt(30),
  () => schedules.every(12 * HOUR),
  () => schedules.weeklyMonday(8),
  () => schedules.monthly(),
  () => schedules.none(),
];

function filler(index: number, prng: Prng): DagDef {
  const family = prng.pick(FAMILIES);
  const dagId = `${family.prefix}_${String(index).padStart(4, '0')}`;
  const steps = family.steps.slice(
    0,
    prng.int(Math.min(3, family.steps.length), family.steps.length),
  );
  const tags = prng.pick(family.tags);
  return {
    dagId,
    displayName: dagId,
    description: `Generated ${tags.join('/')} pipeline #${index}`,
    owners: [prng.pick(family.owners)],
    tags,
    schedule: prng.pick(FILLER_SCHEDULES)(),
    tasks: tasks(steps),
    params: {},
    failureRate: prng.pick([0.02, 0.05, 0.1, 0.2]),
    pausedAtStart: prng.chance(0.15),
    relativeFileloc: `generated/${dagId}.py`,
    maxActiveRuns: 16,
    maxActiveTasks: 16,
    startDate: DEMO_START + prng.int(0, 200) * DAY,
    catchup: false,
    docMd: null,
    historyRuns: prng.int(3, 5),
  };
}

/** Demo DAGs first, then generated fillers up to `dagCount` (never fewer than the demo set). */
export function buildCatalog(
  seed: string,
  dagCount: number,
  flavor: Flavor,
): DagDef[] {
  const root = new Prng(seed);
  const dags = DEMO.filter(
    spec => flavor === 'airflow3' || !spec.airflow3Only,
  ).map(spec => fromSpec(spec, root.fork(spec.dagId)));
  for (let i = 1; dags.length < dagCount; i++) {
    dags.push(filler(i, root.fork(`filler:${i}`)));
  }
  return dags;
}

export function buildImportErrors(now: number): ImportErrorRecord[] {
  return [
    {
      id: 1,
      filename: 'dags/broken_ingest.py',
      timestamp: now - 2 * HOUR,
      stackTrace: [
        'Traceback (most recent call last):',
        '  File "<frozen importlib._bootstrap>", line 488, in _call_with_frames_removed',
        '  File "/opt/airflow/dags/broken_ingest.py", line 7, in <module>',
        '    from vendor_sdk.ingest import IngestClient',
        "ModuleNotFoundError: No module named 'vendor_sdk'",
        '',
      ].join('\n'),
    },
    {
      id: 2,
      filename: 'dags/finance/ledger_export.py',
      timestamp: now - 5 * HOUR,
      stackTrace: [
        'Traceback (most recent call last):',
        '  File "<frozen importlib._bootstrap_external>", line 995, in exec_module',
        '  File "<frozen importlib._bootstrap_external>", line 1133, in get_code',
        '  File "<frozen importlib._bootstrap_external>", line 1063, in source_to_code',
        '  File "<frozen importlib._bootstrap>", line 488, in _call_with_frames_removed',
        '  File "/opt/airflow/dags/finance/ledger_export.py", line 42',
        '    schedule="0 3 * * *"',
        '    ^^^^^^^^^^^^^^^^^^^^',
        'SyntaxError: invalid syntax. Perhaps you forgot a comma?',
        '',
      ].join('\n'),
    },
    {
      id: 3,
      filename: 'dags/marketing/utm_backfill.py',
      timestamp: now - 26 * HOUR,
      stackTrace: [
        'Traceback (most recent call last):',
        '  File "/opt/airflow/dags/marketing/utm_backfill.py", line 31, in <module>',
        '    extract >> transform >> extract',
        '  File "/home/airflow/.local/lib/python3.12/site-packages/airflow/sdk/definitions/_internal/abstractoperator.py", line 112, in __rshift__',
        '    self.set_downstream(other)',
        'airflow.exceptions.AirflowDagCycleException: Cycle detected in DAG: utm_backfill. Faulty task: extract',
        '',
      ].join('\n'),
    },
  ];
}
