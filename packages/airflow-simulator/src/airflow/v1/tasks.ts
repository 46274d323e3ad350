import { Handler } from '../../http/types';
import { formatTextLine } from '../../state/logs';
import { SimEnv } from '../env';
import { BAD_SIGNATURE, readTaskLog } from '../logPaging';
import { inRange, listAllows } from '../query';
import { collectionPage } from '../responses';
import { problem } from './errors';
import { DATE_BOUND_KEYS, isResponse, listForm, paging } from './request';
import { dateBound, filterByDates, runNotFound } from './runs';
import { taskInstanceV1 } from './serialize';

/** `GET /api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances` (both ids may be `~`). */
export const listTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const p = paging(ctx);
    if (isResponse(p)) return p;
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const runs = env.store.runs.filter(
      r =>
        (dagId === '~' || r.dagId === dagId) &&
        (runId === '~' || r.runId === runId),
    );
    if (runId !== '~' && runs.length === 0) return runNotFound(dagId, runId);
    const states = ctx.query.getAll('state');
    const tis = runs
      .flatMap(r => env.store.taskInstances(r))
      .filter(ti => !states.length || states.includes(ti.state ?? 'none'));
    return collectionPage('task_instances', tis, p, ti =>
      taskInstanceV1(env.store, ti),
    );
  };

/** The list fields of a `ListTaskInstanceForm`. */
const TI_FORM_LISTS = [
  'dag_ids',
  'dag_run_ids',
  'task_ids',
  'state',
  'pool',
  'queue',
  'executor',
];

/** `POST /api/v1/dags/~/dagRuns/~/taskInstances/list`: task instances across DAGs and runs. */
export const batchListTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const form = listForm(ctx, {
      lists: TI_FORM_LISTS,
      others: [...DATE_BOUND_KEYS, 'duration_gte', 'duration_lte'],
    });
    if (isResponse(form)) return form;
    const { body } = form;
    const runs = filterByDates(
      env,
      env.store.runs.filter(
        r =>
          listAllows(body.dag_ids, r.dagId) &&
          listAllows(body.dag_run_ids, r.runId),
      ),
      n => (n.startsWith('execution_date') ? body[n] : undefined),
    );
    const tis = runs
      .flatMap(r => env.store.taskInstances(r))
      .filter(ti => {
        const duration =
          ti.startDate !== null && ti.endDate !== null
            ? (ti.endDate - ti.startDate) / 1000
            : null;
        return (
          listAllows(body.task_ids, ti.task.taskId) &&
          listAllows(body.state, ti.state ?? 'none') &&
          listAllows(body.pool, ti.task.pool) &&
          listAllows(body.queue, ti.task.queue) &&
          listAllows(body.executor, null) &&
          inRange(ti.startDate, {
            gte: dateBound(body.start_date_gte),
            lte: dateBound(body.start_date_lte),
          }) &&
          inRange(ti.endDate, {
            gte: dateBound(body.end_date_gte),
            lte: dateBound(body.end_date_lte),
          }) &&
          inRange(duration, { gte: body.duration_gte, lte: body.duration_lte })
        );
      });
    return collectionPage('task_instances', tis, form, ti =>
      taskInstanceV1(env.store, ti),
    );
  };

/** Airflow 2 logs: `{continuation_token, content: string}`, token always present; text/plain streams text. */
export const getLog =
  (env: SimEnv): Handler =>
  ctx => {
    const rawTry = ctx.params.task_try_number;
    if (!/^\d+$/.test(rawTry))
      return problem(400, `'${rawTry}' is not of type 'integer'`);
    const page = readTaskLog(env, {
      dagId: ctx.params.dag_id,
      runId: ctx.params.dag_run_id,
      taskId: ctx.params.task_id,
      tryNumber: parseInt(rawTry, 10),
      token:
        ctx.query.get('token') ??
        ctx.query.get('continuation_token') ??
        undefined,
      fullContent: ctx.query.get('full_content') === 'true',
    });
    if (!page.ok) {
      return page.reason === 'not_found'
        ? problem(404, 'TaskInstance not found')
        : problem(400, BAD_SIGNATURE);
    }
    const text = page.lines.map(formatTextLine).join('\n');
    if ((ctx.req.headers.accept ?? '').includes('text/plain')) {
      return {
        status: 200,
        raw: text,
        headers: { 'content-type': 'text/plain' },
      };
    }
    return {
      status: 200,
      body: { continuation_token: page.token, content: text },
    };
  };
