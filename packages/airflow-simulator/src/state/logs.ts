import { Prng } from '../util/prng';
import { TaskInstanceView } from './types';

export interface LogLine {
  timestamp: number;
  level: 'info' | 'warning' | 'error' | 'debug';
  event: string;
  logger: string;
}

const WORK_LINES: ((p: Prng) => string)[] = [
  p => `Fetched page ${p.int(1, 40)} with ${p.int(100, 5000)} records`,
  p =>
    `Wrote ${p.int(1000, 900000)} rows to staging table in ${p.int(
      1,
      90,
    )}.${p.int(0, 9)}s`,
  p => `Executing query batch ${p.int(1, 20)}/${p.int(20, 30)}`,
  p =>
    `Uploaded part ${p.int(1, 64)} (${p.int(
      5,
      128,
    )} MiB) to s3://data-lake-prod/staging/`,
  p =>
    `Connection id 'warehouse_default' resolved to host warehouse-${p.int(
      1,
      3,
    )}.internal`,
  p =>
    `Processed partition dt=2024-${String(p.int(1, 12)).padStart(
      2,
      '0',
    )}-${String(p.int(1, 28)).padStart(2, '0')}`,
  p => `Checkpoint saved at offset ${p.int(10000, 9999999)}`,
  p => `Memory usage ${p.int(200, 3800)} MiB, cpu ${p.int(5, 99)}%`,
  () => 'Retrying transient HTTP 503 from upstream in 2s',
  p => `Validated ${p.int(10, 400)} columns, 0 schema changes`,
];

/**
 * Deterministic log of one task try. Long enough to need several pages; grows while the try runs
 * (callers cut it by `progress`).
 */
export function buildTaskLog(
  ti: TaskInstanceView,
  tryNumber: number,
  seed: string,
): LogLine[] {
  const p = new Prng(
    `${seed}:${ti.run.dagId}:${ti.run.runId}:${ti.task.taskId}:${tryNumber}`,
  );
  const cycle = ti.plan.tryDurationMs + ti.plan.retryDelayMs;
  const start =
    (ti.run.startAt ?? ti.run.queuedAt) +
    ti.plan.startOffsetMs +
    (tryNumber - 1) * cycle;
  const failedTry = ti.plan.final === 'failed' || tryNumber < ti.plan.tries;
  const total = p.int(80, 220);
  const lines: LogLine[] = [];
  const at = (i: number) =>
    start + Math.round((ti.plan.tryDurationMs * i) / total);
  const add = (
    level: LogLine['level'],
    event: string,
    logger = 'airflow.task',
  ) => lines.push({ timestamp: at(lines.length), level, event, logger });
  add(
    'info',
    `Dependencies all met for dep_context=non-requeueable deps ti=<TaskInstance: ${ti.run.dagId}.${ti.task.taskId} ${ti.run.runId} [queued]>`,
    'airflow.models.taskinstance',
  );
  add(
    'info',
    `Starting attempt ${tryNumber} of ${ti.task.retries + 1}`,
    'airflow.models.taskinstance',
  );
  add(
    'info',
    `Executing <Task(${ti.task.operator}): ${ti.task.taskId}> on ${ti.run.runId}`,
    'airflow.models.taskinstance',
  );
  add(
    'info',
    `Running on host ${ti.plan.hostname}`,
    'airflow.task.task_runner',
  );
  while (lines.length < total - 6) {
    const r = p.next();
    let level: LogLine['level'] = 'info';
    if (r < 0.07) level = 'warning';
    else if (r < 0.12) level = 'debug';
    add(
      level,
      p.pick(WORK_LINES)(p),
      `airflow.task.operators.${ti.task.operator}`,
    );
  }
  if (failedTry) {
    add('error', 'Task failed with exception', 'airflow.task');
    add(
      'error',
      'Traceback (most recent call last):\n  File "/opt/airflow/dags/common/io.py", line 88, in execute\n    result = client.run(query, timeout=600)\n  File "/home/airflow/.local/lib/python3.12/site-packages/warehouse/client.py", line 214, in run\n    raise QueryError(resp.message)\nwarehouse.client.QueryError: duplicate key value violates unique constraint "settlements_pkey"',
      'airflow.task',
    );
    add(
      'info',
      tryNumber < ti.plan.tries || tryNumber <= ti.task.retries
        ? `Marking task as UP_FOR_RETRY. dag_id=${ti.run.dagId}, task_id=${ti.task.taskId}, run_id=${ti.run.runId}`
        : `Marking task as FAILED. dag_id=${ti.run.dagId}, task_id=${ti.task.taskId}, run_id=${ti.run.runId}`,
      'airflow.models.taskinstance',
    );
    add(
      'info',
      'Task exited with return code 1',
      'airflow.task.local_task_job_runner',
    );
  } else {
    add('info', 'Done. Returned value was: None', 'airflow.task.operators');
    add(
      'info',
      `Marking task as SUCCESS. dag_id=${ti.run.dagId}, task_id=${ti.task.taskId}, run_id=${ti.run.runId}`,
      'airflow.models.taskinstance',
    );
    add(
      'info',
      'Task exited with return code 0',
      'airflow.task.local_task_job_runner',
    );
  }
  return lines;
}

/** How many of the lines exist yet: all of them for finished tries, a share for the running one. */
export function visibleLineCount(
  ti: TaskInstanceView,
  tryNumber: number,
  total: number,
): number {
  if (tryNumber < ti.tryNumber) return total;
  if (ti.state === 'running') return Math.floor(total * ti.progress);
  return total;
}

/** Airflow 2 text rendering: `[2024-05-01T02:00:03.123+0000] {taskinstance.py:1157} INFO - ...`. */
export function formatTextLine(line: LogLine): string {
  const ts = new Date(line.timestamp).toISOString().replace('Z', '+0000');
  const source = line.logger.split('.').pop() ?? 'task';
  return `[${ts}] {${source}.py:${
    ((line.event.length * 7) % 900) + 100
  }} ${line.level.toUpperCase()} - ${line.event}`;
}
