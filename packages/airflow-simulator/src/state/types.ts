/** Internal model of the simulated Airflow; serializers turn it into v1 or v2 API shapes. */
import type { RunIntervention } from './interventions';

export type Flavor = 'airflow3' | 'airflow2';

export type Schedule =
  | {
      kind: 'cron';
      /** As written in the DAG file (`@daily` or `0 2 * * *`). */
      expression: string;
      /** Normalised cron (presets expanded), used by Airflow 2's `schedule_interval`. */
      cron: string;
      description: string;
      intervalMs: number;
      /** Offset of the first tick from the Unix epoch, so ticks align like cron. */
      offsetMs: number;
    }
  | { kind: 'timedelta'; intervalMs: number }
  | { kind: 'relativedelta'; months: number; intervalMs: number }
  | { kind: 'none' };

export interface TaskDef {
  taskId: string;
  /** Operator class name, e.g. `PythonOperator`. */
  operator: string;
  /** Airflow's `operator_name` (custom name, e.g. `@task`). */
  operatorName: string;
  retries: number;
  /** Typical duration in simulated seconds. */
  meanSeconds: number;
  pool: string;
  queue: string;
}

export interface ParamDef {
  value: unknown;
  description: string | null;
  schema: Record<string, unknown>;
}

export interface DagDef {
  dagId: string;
  displayName: string;
  description: string | null;
  owners: string[];
  tags: string[];
  schedule: Schedule;
  tasks: TaskDef[];
  params: Record<string, ParamDef>;
  /** Probability that a run fails. */
  failureRate: number;
  pausedAtStart: boolean;
  relativeFileloc: string;
  maxActiveRuns: number;
  maxActiveTasks: number;
  startDate: number;
  catchup: boolean;
  docMd: string | null;
  historyRuns: number;
}

export type RunState = 'queued' | 'running' | 'success' | 'failed';
export type RunType = 'scheduled' | 'manual' | 'backfill' | 'asset_triggered';
export type TriggeredBy = 'rest_api' | 'timetable' | 'ui' | 'cli' | 'backfill';
export type TaskFinal = 'success' | 'failed' | 'upstream_failed';

export interface TaskPlan {
  taskId: string;
  /** Offset from the run's start when the task is queued. */
  queuedOffsetMs: number;
  /** Offset from the run's start when the first try starts. */
  startOffsetMs: number;
  tryDurationMs: number;
  retryDelayMs: number;
  tries: number;
  final: TaskFinal;
  hostname: string;
  pid: number;
  uuid: string;
}

export interface RunRecord {
  /** Surrogate key, gives the default `id` ordering. */
  id: number;
  dagId: string;
  runId: string;
  runType: RunType;
  triggeredBy: TriggeredBy;
  triggeringUser: string | null;
  logicalDate: number | null;
  dataIntervalStart: number | null;
  dataIntervalEnd: number | null;
  runAfter: number;
  queuedAt: number;
  conf: Record<string, unknown>;
  note: string | null;
  externalTrigger: boolean;
  /** `null` while the run waits for its (paused) DAG. */
  startAt: number | null;
  plans: TaskPlan[];
  outcome: 'success' | 'failed';
  /** Wall-clock scale of the plan (durations were divided by this). */
  speed: number;
  /** Clears, marks and notes users made (see interventions.ts). */
  intervention?: RunIntervention;
}

export interface ImportErrorRecord {
  id: number;
  filename: string;
  timestamp: number;
  stackTrace: string;
}

/** State of a run at a given moment, derived from its plan. */
export interface RunView {
  state: RunState;
  startDate: number | null;
  endDate: number | null;
  lastSchedulingDecision: number | null;
  updatedAt: number;
}

export type TiState =
  | null
  | 'skipped'
  | 'queued'
  | 'running'
  | 'success'
  | 'failed'
  | 'up_for_retry'
  | 'upstream_failed'
  | 'scheduled'
  /** Waiting on a trigger, e.g. a human-in-the-loop answer (Airflow 3). */
  | 'deferred';

export interface TaskInstanceView {
  run: RunRecord;
  task: TaskDef;
  plan: TaskPlan;
  state: TiState;
  tryNumber: number;
  startDate: number | null;
  endDate: number | null;
  queuedWhen: number | null;
  scheduledWhen: number | null;
  /** Fraction of the current try that has elapsed (logs grow with it). */
  progress: number;
  /** A user's note on this task instance. */
  note?: string | null;
}
