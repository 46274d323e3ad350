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
import { isoV1 } from '../../util/time';
import { SimEnv } from '../env';
import { dagNotFound } from './dags';
import { problem } from './errors';
import { formBody, isResponse } from './request';
import { dagRunV1, taskInstanceV1 } from './serialize';

/*
 * Airflow 2's clear, mark-state and note endpoints (`/api/v1`), as its
 * marshmallow schemas read them: unknown keys are a 400, `dry_run` defaults
 * to true, and the bulk forms answer `TaskInstanceReferenceCollection`.
 */

const MARK_STATES = ['success', 'failed', 'skipped'];
const RUN_STATES = ['success', 'failed', 'queued'];

function findRun(
  env: SimEnv,
  dagId: string,
  runId: string,
): RunRecord | HttpResponse {
  if (!env.store.dags.has(dagId)) return dagNotFound(dagId);
  return (
    env.store.findRun(dagId, runId) ??
    problem(
      404,
      `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`,
    )
  );
}

const isRun = (v: RunRecord | HttpResponse): v is RunRecord => 'plans' in v;

function booleans(
  body: Record<string, unknown>,
  keys: string[],
): HttpResponse | undefined {
  const bad = keys.find(
    k => body[k] !== undefined && typeof body[k] !== 'boolean',
  );
  return bad ? problem(400, `{'${bad}': ['Not a valid boolean.']}`) : undefined;
}

function references(tis: TaskInstanceView[]) {
  return {
    status: 200,
    body: {
      task_instances: tis.map(ti => ({
        task_id: ti.task.taskId,
        dag_id: ti.run.dagId,
        execution_date: isoV1(ti.run.logicalDate),
        dag_run_id: ti.run.runId,
      })),
    },
  };
}

/** `POST /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/clear` (`ClearDagRun`: only `dry_run`). */
export const clearDagRun =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, ['dry_run']);
    if (isResponse(body)) return body;
    const invalid = booleans(body, ['dry_run']);
    if (invalid) return invalid;
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    const selection = {
      onlyFailed: false,
      includeUpstream: false,
      includeDownstream: false,
    };
    if (body.dry_run ?? true) {
      const tis = selectForClear(env.store, run, selection);
      return {
        status: 200,
        body: {
          task_instances: tis.map(ti => taskInstanceV1(env.store, ti)),
          total_entries: tis.length,
        },
      };
    }
    clear(env.store, run, selection);
    return { status: 200, body: dagRunV1(env.store, run) };
  };

const CLEAR_KEYS = [
  'dry_run',
  'task_ids',
  'start_date',
  'end_date',
  'only_failed',
  'only_running',
  'include_subdags',
  'include_parentdag',
  'reset_dag_runs',
  'dag_run_id',
  'include_upstream',
  'include_downstream',
  'include_future',
  'include_past',
];

/** `POST /api/v1/dags/{dag_id}/clearTaskInstances` (`ClearTaskInstances`). */
export const clearTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, CLEAR_KEYS);
    if (isResponse(body)) return body;
    const invalid = booleans(body, [
      'dry_run',
      'only_failed',
      'only_running',
      'reset_dag_runs',
      'include_upstream',
      'include_downstream',
      'include_future',
      'include_past',
    ]);
    if (invalid) return invalid;
    const taskIds = body.task_ids as unknown;
    if (
      taskIds !== undefined &&
      (!Array.isArray(taskIds) ||
        taskIds.length === 0 ||
        taskIds.some(t => typeof t !== 'string'))
    ) {
      return problem(400, "{'task_ids': ['Shorter than minimum length 1.']}");
    }
    const dagId = ctx.params.dag_id;
    if (!env.store.dags.has(dagId)) {
      return problem(404, `Dag id ${dagId} not found`);
    }
    const runs = body.dag_run_id
      ? [env.store.findRun(dagId, body.dag_run_id)]
      : env.store.runsOf(dagId);
    if (runs[0] === undefined) {
      return problem(
        404,
        `Dag Run id ${body.dag_run_id} not found in dag ${dagId}`,
      );
    }
    const selection = {
      taskIds: taskIds as string[] | undefined,
      onlyFailed: body.only_failed ?? true,
      onlyRunning: body.only_running ?? false,
      includeUpstream: body.include_upstream ?? false,
      includeDownstream: body.include_downstream ?? false,
    };
    const dryRun = body.dry_run ?? true;
    return references(
      (runs as RunRecord[]).flatMap(run =>
        dryRun
          ? selectForClear(env.store, run, selection)
          : clear(env.store, run, selection),
      ),
    );
  };

const UPDATE_STATE_KEYS = [
  'dry_run',
  'task_id',
  'execution_date',
  'dag_run_id',
  'include_upstream',
  'include_downstream',
  'include_future',
  'include_past',
  'new_state',
];

/** `POST /api/v1/dags/{dag_id}/updateTaskInstancesState` (`UpdateTaskInstancesState`). */
export const updateTaskInstancesState =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, UPDATE_STATE_KEYS);
    if (isResponse(body)) return body;
    for (const key of [
      'task_id',
      'new_state',
      'include_upstream',
      'include_downstream',
      'include_future',
      'include_past',
    ]) {
      if (body[key] === undefined) {
        return problem(400, `{'${key}': ['Missing data for required field.']}`);
      }
    }
    const invalid = booleans(body, [
      'dry_run',
      'include_upstream',
      'include_downstream',
      'include_future',
      'include_past',
    ]);
    if (invalid) return invalid;
    if (!MARK_STATES.includes(body.new_state)) {
      return problem(
        400,
        `{'new_state': ['Must be one of: success, failed, skipped.']}`,
      );
    }
    if (
      (body.dag_run_id === undefined) ===
      (body.execution_date === undefined)
    ) {
      return problem(
        400,
        "{'_schema': ['Exactly one of execution_date or dag_run_id must be provided']}",
      );
    }
    const dagId = ctx.params.dag_id;
    if (!env.store.dags.has(dagId)) return dagNotFound(dagId);
    const run = env.store.findRun(dagId, body.dag_run_id);
    if (!run) {
      return problem(
        404,
        `Task instance not found for task ${body.task_id} on DAG run with ID ${body.dag_run_id}`,
      );
    }
    if (
      !env.store.dags.get(dagId)!.tasks.some(t => t.taskId === body.task_id)
    ) {
      return problem(404, `Task ID ${body.task_id} not found`);
    }
    const state = body.new_state as TiState;
    const targets = selectForMark(
      env.store,
      run,
      body.task_id,
      state,
      body.include_upstream,
      body.include_downstream,
    );
    if (!(body.dry_run ?? true)) markTaskInstances(env.store, targets, state);
    return references(targets);
  };

/** `PATCH /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}` (`UpdateDagRunState`). */
export const updateDagRunState =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, ['state']);
    if (isResponse(body)) return body;
    if (!RUN_STATES.includes(body.state)) {
      return problem(
        400,
        `'${body.state}' is not one of ['success', 'failed', 'queued'] - 'state'`,
      );
    }
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    markDagRun(env.store, run, body.state);
    return { status: 200, body: dagRunV1(env.store, run) };
  };

/** `PATCH /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/setNote` (`SetDagRunNote`). */
export const setDagRunNote =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, ['note']);
    if (isResponse(body)) return body;
    if (typeof body.note !== 'string') {
      return problem(400, "{'note': ['Not a valid string.']}");
    }
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    run.note = body.note;
    return { status: 200, body: dagRunV1(env.store, run) };
  };

/** `PATCH /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/setNote` (`SetTaskInstanceNote`). */
export const setTaskInstanceNote =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, ['note']);
    if (isResponse(body)) return body;
    if (typeof body.note !== 'string') {
      return problem(400, "{'note': ['Missing data for required field.']}");
    }
    const { dag_id: dagId, dag_run_id: runId, task_id: taskId } = ctx.params;
    const run = findRun(env, dagId, runId);
    if (!isRun(run)) return run;
    if (!env.store.findTaskInstance(dagId, runId, taskId)) {
      return problem(404, 'Task instance not found');
    }
    setTaskNote(run, taskId, body.note);
    return {
      status: 200,
      body: taskInstanceV1(
        env.store,
        env.store.findTaskInstance(dagId, runId, taskId)!,
      ),
    };
  };
