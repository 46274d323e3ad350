import { Handler } from '../../http/types';
import { RunRecord, TaskInstanceView } from '../../state/types';
import { isoV2, parseAwareDate } from '../../util/time';
import { BAD_SIGNATURE, readTaskLog } from '../logPaging';
import { SimEnv } from '../env';
import {
  inRange,
  listAllows,
  parseOrderBy,
  QueryReader,
  sortItems,
} from '../query';
import { collectionPage } from '../responses';
import { MAX_PAGE, dagNotFound, orderingError } from './dags';
import { taskInstanceResponse } from './serialize';
import { BodySchema, detail, parseBody, validationError } from './validate';

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
    return collectionPage('task_instances', tis, { offset, limit }, ti =>
      taskInstanceResponse(store, ti),
    );
  };

/** `order_by` values `get_task_instances_batch` accepts. */
const TI_BATCH_ORDER = [
  'id',
  'state',
  'duration',
  'start_date',
  'end_date',
  'map_index',
  'try_number',
  'logical_date',
  'run_after',
  'data_interval_start',
  'data_interval_end',
  'rendered_map_index',
  'operator',
];

const TI_RANGE_FIELDS = [
  'run_after',
  'logical_date',
  'start_date',
  'end_date',
  'duration',
];

/** `TaskInstancesBatchBody` (3.2 field set; 3.0 has only the `_gte`/`_lte` ranges). */
const TI_BATCH_BODY: BodySchema = {
  fields: {
    dag_ids: { type: 'strList', nullable: true },
    dag_run_ids: { type: 'strList', nullable: true },
    task_ids: { type: 'strList', nullable: true },
    state: { type: 'tiStateList', nullable: true },
    pool: { type: 'strList', nullable: true },
    queue: { type: 'strList', nullable: true },
    executor: { type: 'strList', nullable: true },
    page_offset: { type: 'int', min: 0 },
    page_limit: { type: 'int', min: 0 },
    order_by: { type: 'str', nullable: true },
    ...Object.fromEntries(
      TI_RANGE_FIELDS.flatMap(field =>
        ['gte', 'gt', 'lte', 'lt'].map(s => [
          `${field}_${s}`,
          {
            type: field === 'duration' ? 'number' : 'datetime',
            nullable: true,
          } as const,
        ]),
      ),
    ),
  },
};

function tiRangeValue(ti: TaskInstanceView, field: string): number | null {
  if (field === 'duration') {
    const ms = tiField(ti, 'duration');
    return typeof ms === 'number' ? ms / 1000 : null;
  }
  const v = tiField(ti, field);
  return typeof v === 'number' ? v : null;
}

/**
 * `POST /api/v2/dags/~/dagRuns/~/taskInstances/list`: both path ids must be `~`
 * (422 otherwise), the body is validated like pydantic with `extra="forbid"`.
 * Unknown DAG or run ids just match nothing.
 */
export const batchListTaskInstances =
  (env: SimEnv): Handler =>
  ctx => {
    const notTilde = (['dag_id', 'dag_run_id'] as const).filter(
      name => ctx.params[name] !== '~',
    );
    if (notTilde.length) {
      return validationError(
        notTilde.map(name => ({
          type: 'literal_error',
          loc: ['path', name],
          msg: "Input should be '~'",
          input: ctx.params[name],
          ctx: { expected: "'~'" },
        })),
      );
    }
    const parsed = parseBody(ctx, TI_BATCH_BODY);
    if (!parsed.ok) return parsed.response;
    const b = parsed.value;
    const order = b.order_by ? parseOrderBy([b.order_by]) : [];
    const bad = order.find(k => !TI_BATCH_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);
    const ranges = TI_RANGE_FIELDS.map(field => {
      const read = (s: string) => {
        const v = b[`${field}_${s}`];
        if (v === undefined || v === null) return undefined;
        return field === 'duration' ? Number(v) : parseAwareDate(v);
      };
      return {
        field,
        bounds: {
          gte: read('gte'),
          gt: read('gt'),
          lte: read('lte'),
          lt: read('lt'),
        },
      };
    });
    const { store } = env;
    const runs = store.runs.filter(
      r => listAllows(b.dag_ids, r.dagId) && listAllows(b.dag_run_ids, r.runId),
    );
    let tis = runs
      .flatMap(run => store.taskInstances(run))
      .filter(
        ti =>
          listAllows(b.task_ids, ti.task.taskId) &&
          listAllows(b.state, ti.state) &&
          listAllows(b.pool, ti.task.pool) &&
          listAllows(b.queue, ti.task.queue) &&
          listAllows(b.executor, null) &&
          ranges.every(r => inRange(tiRangeValue(ti, r.field), r.bounds)),
      );
    if (order.length) tis = sortItems(tis, order, tiField);
    return collectionPage(
      'task_instances',
      tis,
      {
        offset: b.page_offset ?? 0,
        limit: Math.min(b.page_limit ?? 100, MAX_PAGE),
      },
      ti => taskInstanceResponse(store, ti),
    );
  };

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
    const pageResult = readTaskLog(env, {
      dagId,
      runId,
      taskId,
      tryNumber,
      token: q.str('token') ?? q.str('continuation_token'),
      fullContent,
    });
    if (!pageResult.ok) {
      return pageResult.reason === 'not_found'
        ? detail(404, 'TaskInstance not found')
        : detail(400, BAD_SIGNATURE);
    }
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
