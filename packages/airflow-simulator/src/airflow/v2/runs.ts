import { randomUUID } from 'crypto';
import { decodeJwt } from '../../auth/jwt';
import { Handler } from '../../http/types';
import { RunRecord } from '../../state/types';
import { parseAwareDate } from '../../util/time';
import { runField } from '../common';
import { SimEnv } from '../env';
import { recordApiEvent } from '../eventLogRecording';
import {
  inRange,
  likeMatcher,
  parseOrderBy,
  QueryReader,
  sortItems,
  SortKey,
} from '../query';
import { collectionPage } from '../responses';
import { MAX_PAGE, orderingError } from './dags';
import { dagRunResponse } from './serialize';
import { detail, parseBody, validationError } from './validate';

const RUN_ORDER = [
  'id',
  'state',
  'dag_id',
  'run_id',
  'dag_run_id',
  'logical_date',
  'run_after',
  'start_date',
  'end_date',
  'updated_at',
  'conf',
  'duration',
];
const RUN_STATES = ['queued', 'running', 'success', 'failed'];
const RANGE_FIELDS = [
  'run_after',
  'logical_date',
  'start_date',
  'end_date',
  'updated_at',
];

interface RunFilter {
  dagIds?: string[];
  states?: (string | null)[];
  runTypes?: string[];
  ranges: Record<
    string,
    { gte?: number; gt?: number; lte?: number; lt?: number }
  >;
  dagIdPattern?: string;
  runIdPattern?: string;
  confContains?: string;
}

function filterRuns(env: SimEnv, runs: RunRecord[], f: RunFilter): RunRecord[] {
  const dagMatch = f.dagIdPattern
    ? likeMatcher(f.dagIdPattern, true)
    : undefined;
  const runMatch = f.runIdPattern
    ? likeMatcher(f.runIdPattern, true)
    : undefined;
  return runs.filter(run => {
    if (f.dagIds?.length && !f.dagIds.includes(run.dagId)) return false;
    if (f.states?.length && !f.states.includes(env.store.viewRun(run).state))
      return false;
    if (f.runTypes?.length && !f.runTypes.includes(run.runType)) return false;
    if (dagMatch && !dagMatch(run.dagId)) return false;
    if (runMatch && !runMatch(run.runId)) return false;
    if (f.confContains && !JSON.stringify(run.conf).includes(f.confContains))
      return false;
    for (const [field, bounds] of Object.entries(f.ranges)) {
      const v = runField(env.store, run, field);
      if (!inRange(typeof v === 'number' ? v : null, bounds)) return false;
    }
    return true;
  });
}

function page(
  env: SimEnv,
  runs: RunRecord[],
  order: SortKey[],
  offset: number,
  limit: number,
) {
  const sorted = sortItems(
    runs,
    order.length ? order : [{ field: 'id', desc: false }],
    (run, field) => runField(env.store, run, field),
  );
  return collectionPage('dag_runs', sorted, { offset, limit }, r =>
    dagRunResponse(env.store, r),
  );
}

/** `GET /api/v2/dags/{dag_id}/dagRuns` (`~` = all DAGs). */
export const listRuns =
  (env: SimEnv): Handler =>
  ctx => {
    const { dag_id: dagId } = ctx.params;
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    const ranges: RunFilter['ranges'] = {};
    for (const field of [...RANGE_FIELDS, 'duration']) {
      const read = (suffix: string) => {
        if (field !== 'duration') return q.date(`${field}_${suffix}`);
        const raw = q.str(`${field}_${suffix}`);
        return raw === undefined || Number.isNaN(Number(raw))
          ? undefined
          : Number(raw);
      };
      ranges[field] = {
        gte: read('gte'),
        gt: read('gt'),
        lte: read('lte'),
        lt: read('lt'),
      };
    }
    if (q.errors.length) return validationError(q.errors);
    const states = q.list('state');
    const badState = states.find(s => !RUN_STATES.includes(s));
    if (badState !== undefined) {
      return validationError([
        {
          type: 'value_error',
          loc: ['query', 'state'],
          msg: `Invalid value for state. Valid values are ${RUN_STATES.join(
            ', ',
          )}`,
          input: badState,
        },
      ]);
    }
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => !RUN_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);
    if (dagId !== '~' && !env.store.dags.has(dagId)) {
      return detail(404, `The Dag with ID: \`${dagId}\` was not found`);
    }
    const runs = filterRuns(
      env,
      env.store.runsOf(dagId === '~' ? undefined : dagId),
      {
        states,
        runTypes: q.list('run_type'),
        ranges,
        dagIdPattern: q.str('dag_id_pattern'),
        runIdPattern: q.str('run_id_pattern'),
        confContains: q.str('conf_contains'),
      },
    );
    return page(env, runs, order, offset, limit);
  };

const BATCH_FIELDS = {
  order_by: { type: 'str' as const, nullable: true },
  page_offset: { type: 'int' as const, min: 0 },
  page_limit: { type: 'int' as const, min: 0 },
  dag_ids: { type: 'strList' as const, nullable: true },
  states: { type: 'stateList' as const, nullable: true },
  conf_contains: { type: 'str' as const, nullable: true },
  ...Object.fromEntries(
    [...RANGE_FIELDS.filter(f => f !== 'updated_at'), 'duration'].flatMap(
      field =>
        ['gte', 'gt', 'lte', 'lt'].map(s => [
          `${field}_${s}`,
          {
            type:
              field === 'duration'
                ? ('number' as const)
                : ('datetime' as const),
            nullable: true,
          },
        ]),
    ),
  ),
};

/** `POST /api/v2/dags/~/dagRuns/list` with `DAGRunsBatchBody` (page_offset/page_limit). */
export const batchListRuns =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, { fields: BATCH_FIELDS });
    if (!parsed.ok) return parsed.response;
    if (ctx.params.dag_id !== '~') {
      return validationError([
        {
          type: 'literal_error',
          loc: ['path', 'dag_id'],
          msg: "Input should be '~'",
          input: ctx.params.dag_id,
          ctx: { expected: "'~'" },
        },
      ]);
    }
    const b = parsed.value;
    const order = b.order_by ? parseOrderBy([b.order_by]) : [];
    const bad = order.find(k => !RUN_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);
    const ranges: RunFilter['ranges'] = {};
    for (const field of [...RANGE_FIELDS, 'duration']) {
      const read = (s: string) => {
        const v = b[`${field}_${s}`];
        if (v === undefined || v === null) return undefined;
        return field === 'duration' ? Number(v) : parseAwareDate(v);
      };
      ranges[field] = {
        gte: read('gte'),
        gt: read('gt'),
        lte: read('lte'),
        lt: read('lt'),
      };
    }
    const runs = filterRuns(env, env.store.runs, {
      dagIds: b.dag_ids ?? undefined,
      states: b.states ?? undefined,
      ranges,
      confContains: b.conf_contains ?? undefined,
    });
    return page(env, runs, order, b.page_offset ?? 0, b.page_limit ?? 100);
  };

export const getRun =
  (env: SimEnv): Handler =>
  ctx => {
    const { dag_id: dagId, dag_run_id: runId } = ctx.params;
    const run = env.store.findRun(dagId, runId);
    if (!run) {
      return detail(
        404,
        `The DagRun with dag_id: \`${dagId}\` and run_id: \`${runId}\` was not found`,
      );
    }
    return { status: 200, body: dagRunResponse(env.store, run) };
  };

const TRIGGER_FIELDS = {
  dag_run_id: { type: 'str' as const, nullable: true },
  data_interval_start: { type: 'datetime' as const, nullable: true },
  data_interval_end: { type: 'datetime' as const, nullable: true },
  logical_date: { type: 'datetime' as const, nullable: true },
  run_after: { type: 'datetime' as const, nullable: true },
  conf: { type: 'dict' as const, nullable: true },
  note: { type: 'str' as const, nullable: true },
  partition_key: { type: 'str' as const, nullable: true },
};

/** The 409 body Airflow 3 produces for a unique-constraint violation on `dag_run`. */
function uniqueViolation(
  dagId: string,
  runId: string,
  onLogicalDate: boolean,
  logicalDate: string | null,
) {
  const constraint = onLogicalDate
    ? 'dag_run_dag_id_logical_date_key'
    : 'dag_run_dag_id_run_id_key';
  const key = onLogicalDate
    ? `(dag_id, logical_date)=(${dagId}, ${logicalDate})`
    : `(dag_id, run_id)=(${dagId}, ${runId})`;
  return detail(409, {
    reason: 'Unique constraint violation',
    statement:
      'INSERT INTO dag_run (dag_id, queued_at, logical_date, start_date, end_date, state, run_id, creating_job_id, run_type, triggered_by, triggering_user_name, conf, data_interval_start, data_interval_end, run_after, last_scheduling_decision, log_template_id, updated_at, clear_number, backfill_id, bundle_version, scheduled_by_job_id, context_carrier, span_status, created_dag_version_id) VALUES (%(dag_id)s, %(queued_at)s, %(logical_date)s, %(start_date)s, %(end_date)s, %(state)s, %(run_id)s, %(creating_job_id)s, %(run_type)s, %(triggered_by)s, %(triggering_user_name)s, %(conf)s, %(data_interval_start)s, %(data_interval_end)s, %(run_after)s, %(last_scheduling_decision)s, %(log_template_id)s, %(updated_at)s, %(clear_number)s, %(backfill_id)s, %(bundle_version)s, %(scheduled_by_job_id)s, %(context_carrier)s, %(span_status)s, %(created_dag_version_id)s) RETURNING dag_run.id',
    orig_error: `duplicate key value violates unique constraint "${constraint}"\nDETAIL:  Key ${key} already exists.\n`,
    message: `Serious error when handling your request. Check logs for more details - you will find it in api server when you look for ID ${randomUUID()}`,
  });
}

/** `POST /api/v2/dags/{dag_id}/dagRuns`: `logical_date` key required (null allowed); answers 200. */
export const triggerRun =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: TRIGGER_FIELDS,
      required: ['logical_date'],
    });
    if (!parsed.ok) return parsed.response;
    const b = parsed.value;
    const hasStart =
      b.data_interval_start !== undefined && b.data_interval_start !== null;
    const hasEnd =
      b.data_interval_end !== undefined && b.data_interval_end !== null;
    if (hasStart !== hasEnd) {
      return validationError([
        {
          type: 'value_error',
          loc: ['body'],
          msg: 'Value error, Either both data_interval_start and data_interval_end must be provided or both must be None',
          input: b,
          ctx: { error: {} },
        },
      ]);
    }
    const dagId = ctx.params.dag_id;
    if (!env.store.dags.has(dagId))
      return detail(404, `Dag with dag_id: '${dagId}' not found`);
    const bearer = ctx.req.headers.authorization?.replace(/^bearer\s+/i, '');
    const user = bearer ? decodeJwt(bearer).sub : null;
    const result = env.store.trigger(dagId, {
      runId: b.dag_run_id ?? null,
      logicalDate: b.logical_date ? parseAwareDate(b.logical_date)! : null,
      dataIntervalStart: hasStart
        ? parseAwareDate(b.data_interval_start)!
        : null,
      dataIntervalEnd: hasEnd ? parseAwareDate(b.data_interval_end)! : null,
      runAfter: b.run_after ? parseAwareDate(b.run_after)! : null,
      conf: b.conf ?? null,
      note: b.note ?? null,
      triggeredBy: ctx.req.headers.referer ? 'ui' : 'rest_api',
      user,
    });
    if (!result.ok) {
      if (result.reason === 'not_found')
        return detail(404, `Dag with dag_id: '${dagId}' not found`);
      return uniqueViolation(
        dagId,
        result.runId,
        result.reason === 'duplicate_logical_date',
        b.logical_date ?? null,
      );
    }
    env.stats.increment('triggeredRuns', dagId);
    recordApiEvent(env, ctx, 'trigger', dagId, b, result.run.runId);
    return { status: 200, body: dagRunResponse(env.store, result.run) };
  };
