import { checkUser, parseBasicAuth } from '../../auth/users';
import { Router } from '../../http/router';
import { Handler, HttpResponse, RequestContext } from '../../http/types';
import { RunRecord } from '../../state/types';
import { parseAwareDate, runIdStamp } from '../../util/time';
import { runField } from '../common';
import { SimEnv } from '../env';
import { formatTextLine } from '../../state/logs';
import { BAD_SIGNATURE, readLogPage } from '../logPaging';
import { likeMatcher, parseOrderBy, sortItems } from '../query';
import { healthInfo } from '../v2/serialize';
import { findTaskInstance } from '../v2/tasks';
import { problem } from './errors';
import {
  dagDetailV1,
  dagRunV1,
  dagV1,
  importErrorV1,
  taskInstanceV1,
} from './serialize';

const MAX_LIMIT = 100;

function withBasic(env: SimEnv, handler: Handler): Handler {
  return ctx => {
    const creds = parseBasicAuth(ctx.req.headers.authorization);
    if (!creds || !checkUser(env.users, creds.username, creds.password)) {
      return problem(
        401,
        'Invalid credentials or missing Authorization header',
        { 'www-authenticate': 'Basic' },
      );
    }
    return handler(ctx);
  };
}

/** Airflow 2 paging: default 100, 0 → default, above the maximum → clamped, negative → 400. */
function paging(
  ctx: RequestContext,
): { limit: number; offset: number } | HttpResponse {
  const rawLimit = ctx.query.get('limit');
  const rawOffset = ctx.query.get('offset');
  for (const raw of [rawLimit, rawOffset]) {
    if (raw !== null && !/^-?\d+$/.test(raw))
      return problem(400, `'${raw}' is not of type 'integer'`);
  }
  let limit = rawLimit === null ? 100 : parseInt(rawLimit, 10);
  const offset = rawOffset === null ? 0 : parseInt(rawOffset, 10);
  if (limit < 0) return problem(400, 'Page limit must be a positive integer');
  if (offset < 0)
    return problem(400, `${offset} is less than the minimum of 0`);
  if (limit === 0) limit = 100;
  return { limit: Math.min(limit, MAX_LIMIT), offset };
}

function jsonBody(ctx: RequestContext): Record<string, any> | HttpResponse {
  try {
    const v = JSON.parse(ctx.body.toString('utf8') || 'null');
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return problem(400, "None is not of type 'object'");
    return v;
  } catch {
    return problem(400, 'Request body is not valid JSON');
  }
}

const isResponse = (v: unknown): v is HttpResponse =>
  typeof v === 'object' &&
  v !== null &&
  'status' in v &&
  typeof (v as any).status === 'number' &&
  'body' in v;

/**
 * A JSON object body whose keys are all in `allowed`; otherwise the 400 that
 * Airflow 2's marshmallow schemas answer ("Unknown field.").
 */
function formBody(
  ctx: RequestContext,
  allowed: readonly string[],
): Record<string, any> | HttpResponse {
  const body = jsonBody(ctx);
  if (isResponse(body)) return body;
  const unknown = Object.keys(body).find(k => !allowed.includes(k));
  return unknown ? problem(400, `{'${unknown}': ['Unknown field.']}`) : body;
}

const DAG_ORDER = [
  'dag_id',
  'dag_display_name',
  'next_dagrun',
  'fileloc',
  'description',
  'last_parsed_time',
];
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

function orderError(field: string) {
  return problem(
    400,
    `Ordering with '${field}' is disallowed or the attribute does not exist on the model`,
  );
}

const listDags =
  (env: SimEnv): Handler =>
  ctx => {
    const p = paging(ctx);
    if (isResponse(p)) return p;
    const order = parseOrderBy(ctx.query.getAll('order_by'));
    const bad = order.find(k => !DAG_ORDER.includes(k.field));
    if (bad) return orderError(bad.field);
    const tags = ctx.query.getAll('tags');
    const pausedRaw = ctx.query.get('paused');
    const pattern = ctx.query.get('dag_id_pattern');
    const match = pattern ? likeMatcher(pattern, false) : () => true;
    let dags = env.store
      .dagList()
      .filter(
        d =>
          (pausedRaw === null ||
            env.store.isPaused(d.dagId) === (pausedRaw === 'true')) &&
          (!tags.length || tags.some(t => d.tags.includes(t))) &&
          match(d.dagId),
      );
    dags = sortItems(
      dags,
      order.length ? order : [{ field: 'dag_id', desc: false }],
      (d, f) => {
        if (f === 'description') return d.description;
        if (f === 'fileloc') return d.relativeFileloc;
        return d.dagId;
      },
    );
    return {
      status: 200,
      body: {
        dags: dags
          .slice(p.offset, p.offset + p.limit)
          .map(d => dagV1(env.store, d)),
        total_entries: dags.length,
      },
    };
  };

const dagNotFound = (dagId: string) =>
  problem(404, `DAG with dag_id: '${dagId}' not found`);

const patchDag =
  (env: SimEnv): Handler =>
  ctx => {
    const body = jsonBody(ctx);
    if (isResponse(body)) return body;
    const mask = ctx.query
      .getAll('update_mask')
      .flatMap(v => v.split(','))
      .filter(Boolean);
    if (mask.length && !(mask.length === 1 && mask[0] === 'is_paused')) {
      return problem(
        400,
        'Only `is_paused` field can be updated through the REST API',
      );
    }
    const unknown = Object.keys(body).filter(k => k !== 'is_paused');
    if (unknown.length || typeof body.is_paused !== 'boolean') {
      return problem(
        400,
        unknown.length
          ? `{'${unknown[0]}': ['Unknown field.']}`
          : "{'is_paused': ['Not a valid boolean.']}",
      );
    }
    const dag = env.store.dags.get(ctx.params.dag_id);
    if (!dag) return dagNotFound(ctx.params.dag_id);
    env.store.setPaused(dag.dagId, body.is_paused);
    return { status: 200, body: dagV1(env.store, dag) };
  };

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
  return {
    status: 200,
    body: {
      dag_runs: sorted
        .slice(offset, offset + limit)
        .map(r => dagRunV1(env.store, r)),
      total_entries: sorted.length,
    },
  };
}

function dateBound(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return undefined;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? undefined : ms;
}

function filterByDates(
  env: SimEnv,
  runs: RunRecord[],
  get: (name: string) => string | null | undefined,
) {
  const fields = [
    ['execution_date', 'logical_date'],
    ['start_date', 'start_date'],
    ['end_date', 'end_date'],
    ['updated_at', 'updated_at'],
  ];
  return runs.filter(run =>
    fields.every(([param, field]) => {
      const gte = dateBound(get(`${param}_gte`));
      const lte = dateBound(get(`${param}_lte`));
      if (gte === undefined && lte === undefined) return true;
      const v = runField(env.store, run, field);
      if (typeof v !== 'number') return false;
      return (gte === undefined || v >= gte) && (lte === undefined || v <= lte);
    }),
  );
}

const listRuns =
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

const LIST_FORM_KEYS = [
  'order_by',
  'page_offset',
  'page_limit',
  'dag_ids',
  'states',
  'execution_date_gte',
  'execution_date_lte',
  'start_date_gte',
  'start_date_lte',
  'end_date_gte',
  'end_date_lte',
];

const batchListRuns =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, LIST_FORM_KEYS);
    if (isResponse(body)) return body;
    const limit = body.page_limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1)
      return problem(400, `${limit} is less than the minimum of 1`);
    let runs = env.store.runs;
    if (Array.isArray(body.dag_ids) && body.dag_ids.length)
      runs = runs.filter(r => body.dag_ids.includes(r.dagId));
    if (Array.isArray(body.states) && body.states.length) {
      runs = runs.filter(r => body.states.includes(env.store.viewRun(r).state));
    }
    runs = filterByDates(env, runs, n => body[n]);
    return runsPage(
      env,
      runs,
      body.order_by,
      body.page_offset ?? 0,
      Math.min(limit, MAX_LIMIT),
    );
  };

const getRun =
  (env: SimEnv): Handler =>
  ctx => {
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = env.store.findRun(dagId, runId);
    if (!run)
      return problem(
        404,
        `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`,
      );
    return { status: 200, body: dagRunV1(env.store, run) };
  };

const TRIGGER_KEYS = [
  'dag_run_id',
  'logical_date',
  'execution_date',
  'data_interval_start',
  'data_interval_end',
  'conf',
  'note',
];

const triggerRun =
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
    return { status: 200, body: dagRunV1(env.store, result.run) };
  };

const listTaskInstances =
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
    if (runId !== '~' && runs.length === 0) {
      return problem(
        404,
        `DAGRun with DAG ID: '${dagId}' and DagRun ID: '${runId}' not found`,
      );
    }
    const states = ctx.query.getAll('state');
    const tis = runs
      .flatMap(r => env.store.taskInstances(r))
      .filter(ti => !states.length || states.includes(ti.state ?? 'none'));
    return {
      status: 200,
      body: {
        task_instances: tis
          .slice(p.offset, p.offset + p.limit)
          .map(ti => taskInstanceV1(env.store, ti)),
        total_entries: tis.length,
      },
    };
  };

/** `ListTaskInstanceForm` keys; marshmallow rejects any other with 400 "Unknown field.". */
const TI_FORM_KEYS = [
  'page_offset',
  'page_limit',
  'dag_ids',
  'dag_run_ids',
  'task_ids',
  'execution_date_gte',
  'execution_date_lte',
  'start_date_gte',
  'start_date_lte',
  'end_date_gte',
  'end_date_lte',
  'duration_gte',
  'duration_lte',
  'state',
  'pool',
  'queue',
  'executor',
];
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
const batchListTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const body = formBody(ctx, TI_FORM_KEYS);
    if (isResponse(body)) return body;
    const notList = TI_FORM_LISTS.find(
      k => body[k] !== undefined && !Array.isArray(body[k]),
    );
    if (notList) return problem(400, `{'${notList}': ['Not a valid list.']}`);
    const limit = body.page_limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1)
      return problem(400, `${limit} is less than the minimum of 1`);
    const offset = body.page_offset ?? 0;
    if (!Number.isInteger(offset) || offset < 0)
      return problem(400, `${offset} is less than the minimum of 0`);
    const has = (list: unknown, v: unknown) =>
      !Array.isArray(list) || list.length === 0 || list.includes(v);
    const runs = filterByDates(
      env,
      env.store.runs.filter(
        r => has(body.dag_ids, r.dagId) && has(body.dag_run_ids, r.runId),
      ),
      n => (n.startsWith('execution_date') ? body[n] : undefined),
    );
    const bound = (raw: unknown) => dateBound(raw as string | undefined);
    const tis = runs
      .flatMap(r => env.store.taskInstances(r))
      .filter(ti => {
        const duration =
          ti.startDate !== null && ti.endDate !== null
            ? (ti.endDate - ti.startDate) / 1000
            : null;
        const within = (v: number | null, gte?: number, lte?: number) =>
          (gte === undefined && lte === undefined) ||
          (v !== null &&
            (gte === undefined || v >= gte) &&
            (lte === undefined || v <= lte));
        return (
          has(body.task_ids, ti.task.taskId) &&
          has(body.state, ti.state ?? 'none') &&
          has(body.pool, ti.task.pool) &&
          has(body.queue, ti.task.queue) &&
          has(body.executor, null) &&
          within(
            ti.startDate,
            bound(body.start_date_gte),
            bound(body.start_date_lte),
          ) &&
          within(
            ti.endDate,
            bound(body.end_date_gte),
            bound(body.end_date_lte),
          ) &&
          within(duration, body.duration_gte, body.duration_lte)
        );
      });
    return {
      status: 200,
      body: {
        task_instances: tis
          .slice(offset, offset + Math.min(limit, MAX_LIMIT))
          .map(ti => taskInstanceV1(env.store, ti)),
        total_entries: tis.length,
      },
    };
  };

/** Airflow 2 logs: `{continuation_token, content: string}`, token always present; text/plain streams text. */
const getLog =
  (env: SimEnv): Handler =>
  ctx => {
    const {
      dag_id: dagId,
      dag_run_id: runId,
      task_id: taskId,
      task_try_number: rawTry,
    } = ctx.params;
    if (!/^\d+$/.test(rawTry))
      return problem(400, `'${rawTry}' is not of type 'integer'`);
    const ti = findTaskInstance(env, dagId, runId, taskId);
    const tryNumber = parseInt(rawTry, 10);
    if (!ti || tryNumber < 1 || tryNumber > ti.tryNumber)
      return problem(404, 'TaskInstance not found');
    const token =
      ctx.query.get('token') ??
      ctx.query.get('continuation_token') ??
      undefined;
    const fullContent = ctx.query.get('full_content') === 'true';
    const page = readLogPage(env, ti, tryNumber, token, fullContent);
    if (!page.ok) return problem(400, BAD_SIGNATURE);
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

const listImportErrors =
  (env: SimEnv): Handler =>
  ctx => {
    const p = paging(ctx);
    if (isResponse(p)) return p;
    const rows = env.store.importErrors;
    return {
      status: 200,
      body: {
        import_errors: rows
          .slice(p.offset, p.offset + p.limit)
          .map(importErrorV1),
        total_entries: rows.length,
      },
    };
  };

/** Routes of an Airflow 2 webserver's `/api/v1` with the basic-auth backend. */
export function airflow2Router(env: SimEnv): Router {
  const auth = (h: Handler) => withBasic(env, h);
  const dag =
    (fn: (d: any) => unknown): Handler =>
    ctx => {
      const d = env.store.dags.get(ctx.params.dag_id);
      return d ? { status: 200, body: fn(d) } : dagNotFound(ctx.params.dag_id);
    };
  return new Router()
    .add('GET', '/api/v1/health', () => ({
      status: 200,
      body: healthInfo(env.store),
    }))
    .add('GET', '/api/v1/version', () => ({
      status: 200,
      body: { version: env.settings.version, git_version: null },
    }))
    .add('GET', '/api/v1/dags', auth(listDags(env)))
    .add('GET', '/api/v1/dags/{dag_id}', auth(dag(d => dagV1(env.store, d))))
    .add('PATCH', '/api/v1/dags/{dag_id}', auth(patchDag(env)))
    .add(
      'GET',
      '/api/v1/dags/{dag_id}/details',
      auth(dag(d => dagDetailV1(env.store, d))),
    )
    .add('GET', '/api/v1/dags/{dag_id}/dagRuns', auth(listRuns(env)))
    .add('POST', '/api/v1/dags/{dag_id}/dagRuns', auth(triggerRun(env)))
    .add('POST', '/api/v1/dags/~/dagRuns/list', auth(batchListRuns(env)))
    .add('GET', '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}', auth(getRun(env)))
    .add(
      'GET',
      '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances',
      auth(listTaskInstances(env)),
    )
    .add(
      'POST',
      '/api/v1/dags/~/dagRuns/~/taskInstances/list',
      auth(batchListTaskInstances(env)),
    )
    .add(
      'GET',
      '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{task_try_number}',
      auth(getLog(env)),
    )
    .add('GET', '/api/v1/importErrors', auth(listImportErrors(env)))
    .add(
      'GET',
      '/api/v1/importErrors/{import_error_id}',
      auth(ctx => {
        const rec = env.store.importErrors.find(
          e => String(e.id) === ctx.params.import_error_id,
        );
        return rec
          ? { status: 200, body: importErrorV1(rec) }
          : problem(404, 'Import error not found');
      }),
    );
}

export function airflow2NotFound(): HttpResponse {
  return problem(
    404,
    'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  );
}
