import { parseBasicAuth } from '../../auth/users';
import { Handler } from '../../http/types';
import { RunRecord } from '../../state/types';
import { parseAwareDate, runIdStamp } from '../../util/time';
import { runField } from '../common';
import { SimEnv } from '../env';
import { recordApiEvent } from '../eventLogRecording';
import { inRange, listAllows, parseOrderBy, sortItems } from '../query';
import { collectionPage } from '../responses';
import { dagNotFound } from './dags';
import { problem } from './errors';
import {
  DATE_BOUND_KEYS,
  formBody,
  isResponse,
  listForm,
  orderError,
  paging,
} from './request';
import { dagRunV1 } from './serialize';

const RUN_ORDER = [
  'id',
  'state',
  'dag_id',
  'run_id',
  'dag_run_id',
  'execution_date',
  'logical_date',
  'start_date',
  'end_date',
  'updated_at',
  'external_trigger',
  'conf',
  'run_type',
];

export const runNotFound = (dagId: string, runId: string) =>
  problem(
    404,
    `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`,
  );

function runsPage(
  env: SimEnv,
  runs: RunRecord[],
  orderBy: string | undefined,
  offset: number,
  limit: number,
) {
  const order = orderBy ? parseOrderBy([orderBy]) : [];
  const bad = order.find(k => !RUN_ORDER.includes(k.field));
  if (bad) return orderError(bad.field);
  const sorted = sortItems(
    runs,
    order.length ? order : [{ field: 'id', desc: false }],
    (r, f) => {
      if (f === 'external_trigger') return Number(r.externalTrigger);
      if (f === 'run_type') return r.runType;
      return runField(env.store, r, f);
    },
  );
  return collectionPage('dag_runs', sorted, { offset, limit }, r =>
    dagRunV1(env.store, r),
  );
}

/** A date bound as Airflow 2 reads it; an unparsable one is ignored. */
export function dateBound(raw: unknown): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  const ms = Date.parse(raw as string);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `<param>_gte` / `<param>_lte` bounds on a run's dates (`execution_date` is the logical date). */
export function filterByDates(
  env: SimEnv,
  runs: RunRecord[],
  get: (name: string) => unknown,
) {
  const fields = [
    ['execution_date', 'logical_date'],
    ['start_date', 'start_date'],
    ['end_date', 'end_date'],
    ['updated_at', 'updated_at'],
  ];
  return runs.filter(run =>
    fields.every(([param, field]) => {
      const bounds = {
        gte: dateBound(get(`${param}_gte`)),
        lte: dateBound(get(`${param}_lte`)),
      };
      if (bounds.gte === undefined && bounds.lte === undefined) return true;
      const v = runField(env.store, run, field);
      return inRange(typeof v === 'number' ? v : null, bounds);
    }),
  );
}

/** `GET /api/v1/dags/{dag_id}/dagRuns` (`~` = all DAGs). */
export const listRuns =
  (env: SimEnv): Handler =>
  ctx => {
    const p = paging(ctx);
    if (isResponse(p)) return p;
    const dagId = ctx.params.dag_id;
    if (dagId !== '~' && !env.store.dags.has(dagId)) return dagNotFound(dagId);
    const states = ctx.query.getAll('state');
    let runs = env.store.runsOf(dagId === '~' ? undefined : dagId);
    if (states.length)
      runs = runs.filter(r => states.includes(env.store.viewRun(r).state));
    runs = filterByDates(env, runs, n => ctx.query.get(n));
    return runsPage(
      env,
      runs,
      ctx.query.get('order_by') ?? undefined,
      p.offset,
      p.limit,
    );
  };

/**
 * `POST /api/v1/dags/~/dagRuns/list` with a `ListDagRunsForm`: runs across
 * DAGs, by id, state and dates.
 */
export const batchListRuns =
  (env: SimEnv): Handler =>
  ctx => {
    const form = listForm(ctx, {
      lists: ['dag_ids', 'states'],
      others: ['order_by', ...DATE_BOUND_KEYS],
    });
    if (isResponse(form)) return form;
    const { body } = form;
    const runs = filterByDates(
      env,
      env.store.runs.filter(
        r =>
          listAllows(body.dag_ids, r.dagId) &&
          listAllows(body.states, env.store.viewRun(r).state),
      ),
      n => body[n],
    );
    return runsPage(env, runs, body.order_by, form.offset, form.limit);
  };

export const getRun =
  (env: SimEnv): Handler =>
  ctx => {
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = env.store.findRun(dagId, runId);
    if (!run) return runNotFound(dagId, runId);
    return { status: 200, body: dagRunV1(env.store, run) };
  };

/** `DAGRun` keys a trigger may send. */
const TRIGGER_KEYS = [
  'dag_run_id',
  'logical_date',
  'execution_date',
  'data_interval_start',
  'data_interval_end',
  'conf',
  'note',
];

/** `POST /api/v1/dags/{dag_id}/dagRuns`: 409 for a reused run id or logical date. */
export const triggerRun =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, TRIGGER_KEYS);
    if (isResponse(body)) return body;
    const rawDate = body.logical_date ?? body.execution_date;
    let logicalDate = env.store.now();
    if (rawDate !== undefined && rawDate !== null) {
      const ms = parseAwareDate(rawDate);
      if (ms === undefined)
        return problem(400, `{'logical_date': ['Not a valid datetime.']}`);
      logicalDate = ms;
    }
    if (
      body.conf !== undefined &&
      (typeof body.conf !== 'object' || Array.isArray(body.conf))
    ) {
      return problem(400, "{'conf': ['Not a valid mapping type.']}");
    }
    const dagId = ctx.params.dag_id;
    if (!env.store.dags.has(dagId)) return dagNotFound(dagId);
    const result = env.store.trigger(dagId, {
      runId: body.dag_run_id ?? `manual__${runIdStamp(logicalDate)}`,
      logicalDate,
      dataIntervalStart: body.data_interval_start
        ? parseAwareDate(body.data_interval_start) ?? null
        : null,
      dataIntervalEnd: body.data_interval_end
        ? parseAwareDate(body.data_interval_end) ?? null
        : null,
      conf: body.conf ?? null,
      note: body.note ?? null,
      triggeredBy: 'rest_api',
      user: parseBasicAuth(ctx.req.headers.authorization)?.username ?? null,
    });
    if (!result.ok) {
      if (result.reason === 'not_found') return dagNotFound(dagId);
      return problem(
        409,
        result.reason === 'duplicate_run_id'
          ? `DAGRun with DAG ID: '${dagId}' and DAGRun ID: '${result.runId}' already exists`
          : `DAGRun with DAG ID: '${dagId}' and DAGRun logical date: '${new Date(
              logicalDate,
            )
              .toISOString()
              .replace('.000Z', '+00:00')}' already exists`,
      );
    }
    env.stats.increment('triggeredRuns', dagId);
    recordApiEvent(env, ctx, 'trigger', dagId, body, result.run.runId);
    return { status: 200, body: dagRunV1(env.store, result.run) };
  };
