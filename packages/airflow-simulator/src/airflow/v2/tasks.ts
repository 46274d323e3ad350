import { Handler } from '../../http/types';
import { RunRecord, TaskInstanceView } from '../../state/types';
import { isoV2 } from '../../util/time';
import { BAD_SIGNATURE, readLogPage } from '../logPaging';
import { SimEnv } from '../env';
import { parseOrderBy, QueryReader, sortItems } from '../query';
import { MAX_PAGE, dagNotFound } from './dags';
import { taskInstanceResponse } from './serialize';
import { detail, validationError } from './validate';

function tiField(ti: TaskInstanceView, field: string) {
  switch (field) {
    case 'state':
      return ti.state;
    case 'start_date':
      return ti.startDate;
    case 'end_date':
      return ti.endDate;
    case 'try_number':
      return ti.tryNumber;
    case 'task_id':
      return ti.task.taskId;
    case 'dag_id':
      return ti.run.dagId;
    case 'run_id':
    case 'dag_run_id':
      return ti.run.runId;
    case 'logical_date':
      return ti.run.logicalDate;
    case 'run_after':
      return ti.run.runAfter;
    case 'duration':
      return ti.startDate !== null && ti.endDate !== null
        ? ti.endDate - ti.startDate
        : null;
    case 'operator':
      return ti.task.operator;
    default:
      return -1; // map_index and friends: every simulated task is unmapped
  }
}

/** `GET /api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances` (both ids may be `~`). */
export const listTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const { store } = env;
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    if (q.errors.length) return validationError(q.errors);
    if (dagId !== '~' && !store.dags.has(dagId)) return dagNotFound(dagId);
    let runs: RunRecord[];
    if (runId === '~') {
      runs = store.runsOf(dagId === '~' ? undefined : dagId);
    } else {
      runs = store.runs.filter(
        r => r.runId === runId && (dagId === '~' || r.dagId === dagId),
      );
      if (runs.length === 0) {
        return detail(
          404,
          `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`,
        );
      }
    }
    const taskId = q.str('task_id');
    const states = q.list('state');
    const operators = q.list('operator');
    const tries = q.list('try_number').map(Number);
    let tis = runs.flatMap(run => store.taskInstances(run));
    tis = tis.filter(
      ti =>
        (!taskId || ti.task.taskId === taskId) &&
        (!states.length || states.includes(ti.state ?? 'no_status')) &&
        (!operators.length || operators.includes(ti.task.operator)) &&
        (!tries.length || tries.includes(ti.tryNumber)),
    );
    const order = parseOrderBy(q.list('order_by'));
    if (order.length) tis = sortItems(tis, order, tiField);
    return {
      status: 200,
      body: {
        task_instances: tis
          .slice(offset, offset + limit)
          .map(ti => taskInstanceResponse(store, ti)),
        total_entries: tis.length,
      },
    };
  };

/** Finds a task instance, or the 404 Airflow gives. */
export function findTaskInstance(
  env: SimEnv,
  dagId: string,
  runId: string,
  taskId: string,
): TaskInstanceView | undefined {
  const run = env.store.findRun(dagId, runId);
  if (!run) return undefined;
  return env.store.taskInstances(run).find(ti => ti.task.taskId === taskId);
}

/**
 * `GET .../taskInstances/{task_id}/logs/{try_number}`: structured JSON lines, paged, with a signed
 * continuation token (`token` query; `continuation_token` accepted too) that is null at end of log.
 */
export const getLog =
  (env: SimEnv): Handler =>
  ctx => {
    const {
      dag_id: dagId,
      dag_run_id: runId,
      task_id: taskId,
      try_number: rawTry,
    } = ctx.params;
    const q = new QueryReader(ctx.query);
    const fullContent = q.bool('full_content') ?? false;
    q.int('map_index', -1);
    if (!/^\d+$/.test(rawTry)) {
      q.errors.push({
        type: 'int_parsing',
        loc: ['path', 'try_number'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: rawTry,
      });
    }
    if (q.errors.length) return validationError(q.errors);
    if (!env.store.dags.has(dagId)) return dagNotFound(dagId);
    const tryNumber = parseInt(rawTry, 10);
    const ti = findTaskInstance(env, dagId, runId, taskId);
    if (!ti || tryNumber < 1 || tryNumber > ti.tryNumber)
      return detail(404, 'TaskInstance not found');
    const token = q.str('token') ?? q.str('continuation_token');
    const pageResult = readLogPage(env, ti, tryNumber, token, fullContent);
    if (!pageResult.ok) return detail(400, BAD_SIGNATURE);
    const content: Record<string, unknown>[] = [];
    if (pageResult.startPos === 0) {
      // Airflow 3 opens every log with a collapsible group naming where it was read from.
      content.push(
        {
          event: '::group::Log message source details',
          sources: [
            `/opt/airflow/logs/dag_id=${dagId}/run_id=${runId}/task_id=${taskId}/attempt=${tryNumber}.log`,
          ],
        },
        { event: '::endgroup::' },
      );
    }
    for (const line of pageResult.lines) {
      content.push({
        timestamp: isoV2(line.timestamp),
        event: line.event,
        level: line.level,
        logger: line.logger,
      });
    }
    const continuationToken = pageResult.endOfLog ? null : pageResult.token;
    const accept = ctx.req.headers.accept ?? '*/*';
    if (accept.includes('application/x-ndjson')) {
      const headers: Record<string, string> = {
        'content-type': 'application/x-ndjson',
      };
      if (continuationToken)
        headers['airflow-continuation-token'] = continuationToken;
      return {
        status: 200,
        raw: content.map(c => `${JSON.stringify(c)}\n`).join(''),
        headers,
      };
    }
    return {
      status: 200,
      body: { content, continuation_token: continuationToken },
    };
  };
