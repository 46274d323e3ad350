import { Handler, HttpResponse } from '../../http/types';
import {
  clear,
  markDagRun,
  markTaskInstances,
  selectForClear,
  selectForMark,
  setTaskNote,
} from '../../state/runActions';
import { RunRecord, TaskInstanceView, TiState } from '../../state/types';
import { SimEnv } from '../env';
import { dagNotFound } from './dags';
import { dagRunResponse, taskInstanceResponse } from './serialize';
import { detail, parseBody, validationError } from './validate';

/*
 * Airflow 3's clear, mark-state and note endpoints (`/api/v2`): bodies
 * validated as their pydantic models (`extra="forbid"`), dry runs that
 * change nothing, and the collections or runs Airflow answers with.
 */

const MARK_STATES = ['success', 'failed', 'skipped'];
const RUN_PATCH_STATES = ['queued', 'success', 'failed'];

function runNotFound(dagId: string, runId: string): HttpResponse {
  return detail(
    404,
    `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`,
  );
}

function findRun(
  env: SimEnv,
  dagId: string,
  runId: string,
): RunRecord | HttpResponse {
  if (!env.store.dags.has(dagId)) return dagNotFound(dagId);
  return env.store.findRun(dagId, runId) ?? runNotFound(dagId, runId);
}

const isRun = (v: RunRecord | HttpResponse): v is RunRecord => 'plans' in v;

function collection(env: SimEnv, tis: TaskInstanceView[]) {
  return {
    status: 200,
    body: {
      task_instances: tis.map(ti => taskInstanceResponse(env.store, ti)),
      total_entries: tis.length,
    },
  };
}

/** `update_mask` as FastAPI reads it (repeated keys); unknown fields are a 400. */
function readMask(
  query: URLSearchParams,
  allowed: string[],
): string[] | HttpResponse | undefined {
  const mask = query.getAll('update_mask');
  if (mask.length === 0) return undefined;
  const bad = mask.find(f => !allowed.includes(f));
  return bad === undefined
    ? mask
    : detail(400, `Invalid field \`${bad}\` in update mask`);
}

const isResponse = (v: unknown): v is HttpResponse =>
  typeof v === 'object' && v !== null && 'status' in v && 'body' in v;

/** `task_ids`: task ids or `[task_id, map_index]` pairs (every simulated task is unmapped). */
function readTaskIds(value: unknown): string[] | HttpResponse | undefined {
  if (value === undefined || value === null) return undefined;
  const asTaskId = (item: unknown): string | undefined => {
    if (typeof item === 'string') return item;
    const pair =
      Array.isArray(item) &&
      item.length === 2 &&
      typeof item[0] === 'string' &&
      Number.isInteger(item[1]);
    return pair ? (item[0] as string) : undefined;
  };
  const ids = Array.isArray(value) ? value.map(asTaskId) : [undefined];
  const bad = ids.findIndex(id => id === undefined);
  if (bad >= 0) {
    return validationError([
      {
        type: 'string_type',
        loc: ['body', 'task_ids', bad],
        msg: 'Input should be a valid string',
        input: Array.isArray(value) ? value[bad] : value,
      },
    ]);
  }
  return ids as string[];
}

/** `POST /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/clear` (`DAGRunClearBody`; `dry_run` defaults to true). */
export const clearDagRun =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: {
        dry_run: { type: 'bool' },
        only_failed: { type: 'bool' },
        run_on_latest_version: { type: 'bool' },
      },
    });
    if (!parsed.ok) return parsed.response;
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    const selection = {
      onlyFailed: parsed.value.only_failed ?? false,
      includeUpstream: false,
      includeDownstream: false,
    };
    if (parsed.value.dry_run ?? true) {
      return collection(env, selectForClear(env.store, run, selection));
    }
    clear(env.store, run, selection);
    return { status: 200, body: dagRunResponse(env.store, run) };
  };

/** `POST /api/v2/dags/{dag_id}/clearTaskInstances` (`ClearTaskInstancesBody`): one run with `dag_run_id`. */
export const clearTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: {
        dry_run: { type: 'bool' },
        start_date: { type: 'datetime', nullable: true },
        end_date: { type: 'datetime', nullable: true },
        only_failed: { type: 'bool' },
        only_running: { type: 'bool' },
        reset_dag_runs: { type: 'bool' },
        task_ids: { type: 'json', nullable: true },
        dag_run_id: { type: 'str', nullable: true },
        include_upstream: { type: 'bool' },
        include_downstream: { type: 'bool' },
        include_future: { type: 'bool' },
        include_past: { type: 'bool' },
        run_on_latest_version: { type: 'bool' },
        prevent_running_task: { type: 'bool' },
      },
    });
    if (!parsed.ok) return parsed.response;
    const b = parsed.value;
    const taskIds = readTaskIds(b.task_ids);
    if (isResponse(taskIds)) return taskIds;
    const dagId = ctx.params.dag_id;
    if (!env.store.dags.has(dagId))
      return detail(404, `DAG ${dagId} not found`);
    // Without a run id Airflow clears by date range; the portal always names the run.
    const runs = b.dag_run_id
      ? [env.store.findRun(dagId, b.dag_run_id)]
      : env.store.runsOf(dagId);
    if (runs[0] === undefined) {
      return detail(
        404,
        `Dag Run id ${b.dag_run_id} not found in dag ${dagId}`,
      );
    }
    const selection = {
      taskIds,
      onlyFailed: b.only_failed ?? true,
      onlyRunning: b.only_running ?? false,
      includeUpstream: b.include_upstream ?? false,
      includeDownstream: b.include_downstream ?? false,
    };
    const dryRun = b.dry_run ?? true;
    const affected = (runs as RunRecord[]).flatMap(run =>
      dryRun
        ? selectForClear(env.store, run, selection)
        : clear(env.store, run, selection),
    );
    return collection(env, affected);
  };

/** `PATCH /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}` (`DAGRunPatchBody`: `state`, `note`). */
export const patchDagRun =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: {
        state: { type: 'str', nullable: true },
        note: { type: 'str', nullable: true },
      },
    });
    if (!parsed.ok) return parsed.response;
    const b = parsed.value;
    if (
      b.state !== undefined &&
      b.state !== null &&
      !RUN_PATCH_STATES.includes(b.state)
    ) {
      return validationError([
        {
          type: 'enum',
          loc: ['body', 'state'],
          msg: "Input should be 'queued', 'success' or 'failed'",
          input: b.state,
          ctx: { expected: "'queued', 'success' or 'failed'" },
        },
      ]);
    }
    if (typeof b.note === 'string' && b.note.length > 1000) {
      return noteTooLong(b.note);
    }
    const mask = readMask(ctx.query, ['state', 'note']);
    if (isResponse(mask)) return mask;
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    const fields = mask ?? Object.keys(b);
    if (fields.includes('state') && b.state) {
      markDagRun(env.store, run, b.state);
    }
    if (fields.includes('note') && 'note' in b) {
      run.note = b.note ?? null;
    }
    return { status: 200, body: dagRunResponse(env.store, run) };
  };

function noteTooLong(note: string): HttpResponse {
  return validationError([
    {
      type: 'string_too_long',
      loc: ['body', 'note'],
      msg: 'String should have at most 1000 characters',
      input: note,
      ctx: { max_length: 1000 },
    },
  ]);
}

/**
 * `PATCH /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}`
 * and its `/dry_run` (`PatchTaskInstanceBody`): a new state for the task and
 * its chosen relatives, or a note; answers the task instances changed (or
 * that would be).
 */
export const patchTaskInstance =
  (env: SimEnv, dryRun: boolean): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: {
        new_state: { type: 'str', nullable: true },
        note: { type: 'str', nullable: true },
        include_upstream: { type: 'bool' },
        include_downstream: { type: 'bool' },
        include_future: { type: 'bool' },
        include_past: { type: 'bool' },
      },
    });
    if (!parsed.ok) return parsed.response;
    const b = parsed.value;
    if (
      b.new_state !== undefined &&
      b.new_state !== null &&
      !MARK_STATES.includes(b.new_state)
    ) {
      return validationError([
        {
          type: 'value_error',
          loc: ['body', 'new_state'],
          msg: `Value error, '${b.new_state}' is not one of ['success', 'failed', 'skipped']`,
          input: b.new_state,
          ctx: { error: {} },
        },
      ]);
    }
    if (typeof b.note === 'string' && b.note.length > 1000) {
      return noteTooLong(b.note);
    }
    const mask = readMask(ctx.query, ['new_state', 'note']);
    if (isResponse(mask)) return mask;
    const { dag_id: dagId, dag_run_id: runId, task_id: taskId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    const mapIndex = ctx.query.get('map_index') ?? '-1';
    const ti = env.store.findTaskInstance(dagId, runId, taskId);
    if (!ti || mapIndex !== '-1') {
      return detail(
        404,
        `The Task Instance with dag_id: \`${dagId}\`, run_id: \`${runId}\`, task_id: \`${taskId}\` and map_index: \`${mapIndex}\` was not found`,
      );
    }
    const fields = mask ?? Object.keys(b);
    if (fields.includes('new_state') && b.new_state) {
      const state = b.new_state as TiState;
      const targets = selectForMark(
        env.store,
        run,
        taskId,
        state,
        b.include_upstream ?? false,
        b.include_downstream ?? false,
      );
      if (dryRun) return collection(env, targets);
      if (targets.length === 0) {
        return detail(409, `Task id ${taskId} is already in ${state} state`);
      }
      markTaskInstances(env.store, targets, state);
      return collection(
        env,
        env.store
          .taskInstances(run)
          .filter(t => targets.some(x => x.task.taskId === t.task.taskId)),
      );
    }
    if (dryRun) return collection(env, [ti]);
    if (fields.includes('note') && 'note' in b) {
      setTaskNote(run, taskId, b.note ?? null);
    }
    return collection(env, [env.store.findTaskInstance(dagId, runId, taskId)!]);
  };
