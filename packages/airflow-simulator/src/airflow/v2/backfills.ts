import { Handler, HttpResponse, RequestContext } from '../../http/types';
import {
  BackfillRecord,
  BackfillRefusal,
  BackfillSpec,
  ReprocessBehavior,
} from '../../state/backfills';
import { isoV2, parseAwareDate } from '../../util/time';
import { SimEnv } from '../env';
import { userOf } from '../eventLogRecording';
import { parseOrderBy, QueryReader, sortItems } from '../query';
import { collectionPage } from '../responses';
import { MAX_PAGE, orderingError } from './dags';
import { detail, parseBody, validationError } from './validate';

/*
 * Airflow 3's `/backfills` routes (`core_api/routes/public/backfills.py`):
 * `BackfillPostBody` is strict (unknown fields → 422); Airflow's own
 * refusals (`InvalidBackfillDate`, no schedule, …) are 422s whose `detail`
 * is the message, as its `RequestValidationError(str(e))` gives.
 */

const REPROCESS: ReprocessBehavior[] = ['failed', 'completed', 'none'];

/** `BackfillResponse`. */
function backfillResponse(env: SimEnv, b: BackfillRecord) {
  const dag = env.store.dags.get(b.dagId)!;
  return {
    id: b.id,
    dag_id: b.dagId,
    from_date: isoV2(b.fromDate),
    to_date: isoV2(b.toDate),
    dag_run_conf: b.dagRunConf,
    is_paused: b.isPaused,
    reprocess_behavior: b.reprocessBehavior,
    max_active_runs: b.maxActiveRuns,
    created_at: isoV2(b.createdAt),
    completed_at: isoV2(env.store.backfills.completedAt(b)),
    updated_at: isoV2(b.updatedAt),
    dag_display_name: dag.displayName,
  };
}

function readSpec(
  env: SimEnv,
  ctx: RequestContext,
): BackfillSpec | HttpResponse {
  const parsed = parseBody(ctx, {
    fields: {
      dag_id: { type: 'str' },
      from_date: { type: 'datetime' },
      to_date: { type: 'datetime' },
      run_backwards: { type: 'bool' },
      dag_run_conf: { type: 'dict' },
      reprocess_behavior: { type: 'str' },
      max_active_runs: { type: 'int' },
      run_on_latest_version: { type: 'bool' },
    },
    required: ['dag_id', 'from_date', 'to_date'],
  });
  if (!parsed.ok) return parsed.response;
  const b = parsed.value;
  const reprocess = b.reprocess_behavior ?? 'none';
  if (!REPROCESS.includes(reprocess)) {
    return validationError([
      {
        type: 'enum',
        loc: ['body', 'reprocess_behavior'],
        msg: "Input should be 'failed', 'completed' or 'none'",
        input: reprocess,
        ctx: { expected: "'failed', 'completed' or 'none'" },
      },
    ]);
  }
  return {
    dagId: b.dag_id,
    fromDate: parseAwareDate(b.from_date)!,
    toDate: parseAwareDate(b.to_date)!,
    runBackwards: b.run_backwards ?? false,
    reprocessBehavior: reprocess,
    maxActiveRuns: b.max_active_runs ?? 10,
    dagRunConf: b.dag_run_conf ?? {},
    user: userOf(env, ctx),
  };
}

const isResponse = (v: object): v is HttpResponse => 'status' in v;

function refusal(spec: BackfillSpec, r: BackfillRefusal): HttpResponse {
  switch (r.reason) {
    case 'dag_not_found':
      return detail(404, `Could not find dag ${spec.dagId}`);
    case 'already_running':
      return detail(
        409,
        `There is already a running backfill for dag ${spec.dagId}`,
      );
    default:
      return detail(422, r.message);
  }
}

/** `GET /api/v2/backfills?dag_id=` (required), ordered by `id`. */
export const listBackfills =
  (env: SimEnv): Handler =>
  ctx => {
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    const dagId = q.str('dag_id');
    if (dagId === undefined) {
      q.errors.push({
        type: 'missing',
        loc: ['query', 'dag_id'],
        msg: 'Field required',
        input: null,
      });
    }
    if (q.errors.length) return validationError(q.errors);
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => k.field !== 'id');
    if (bad) return orderingError(bad.field);
    const sorted = sortItems(
      env.store.backfills.list(dagId!),
      order.length ? order : [{ field: 'id', desc: false }],
      b => b.id,
    );
    return collectionPage('backfills', sorted, { offset, limit }, b =>
      backfillResponse(env, b),
    );
  };

/** `POST /api/v2/backfills/dry_run`: the runs it would create; nothing changes. */
export const dryRunBackfill =
  (env: SimEnv): Handler =>
  ctx => {
    const spec = readSpec(env, ctx);
    if (isResponse(spec)) return spec;
    const dates = env.store.backfills.dryRun(spec);
    if (!Array.isArray(dates)) return refusal(spec, dates);
    return {
      status: 200,
      body: {
        backfills: dates.map(date => ({
          logical_date: isoV2(date),
          partition_key: null,
          partition_date: null,
        })),
        total_entries: dates.length,
      },
    };
  };

/** `POST /api/v2/backfills`: 409 while another backfill of the DAG runs. */
export const createBackfill =
  (env: SimEnv): Handler =>
  ctx => {
    const spec = readSpec(env, ctx);
    if (isResponse(spec)) return spec;
    const created = env.store.backfills.create(spec);
    if ('reason' in created) return refusal(spec, created);
    return { status: 200, body: backfillResponse(env, created) };
  };

/** The path's `backfill_id` (`NonNegativeInt`). */
function readId(ctx: RequestContext): number | HttpResponse {
  const raw = ctx.params.backfill_id;
  if (!/^\d+$/.test(raw)) {
    return validationError([
      /^-\d+$/.test(raw)
        ? {
            type: 'greater_than_equal',
            loc: ['path', 'backfill_id'],
            msg: 'Input should be greater than or equal to 0',
            input: raw,
            ctx: { ge: 0 },
          }
        : {
            type: 'int_parsing',
            loc: ['path', 'backfill_id'],
            msg: 'Input should be a valid integer, unable to parse string as an integer',
            input: raw,
          },
    ]);
  }
  return Number(raw);
}

export const getBackfill =
  (env: SimEnv): Handler =>
  ctx => {
    const id = readId(ctx);
    if (typeof id !== 'number') return id;
    const backfill = env.store.backfills.get(id);
    if (!backfill) return detail(404, 'Backfill not found');
    return { status: 200, body: backfillResponse(env, backfill) };
  };

/** `PUT /api/v2/backfills/{backfill_id}/pause|unpause|cancel`: 409 once completed. */
export const changeBackfill =
  (env: SimEnv, action: 'pause' | 'unpause' | 'cancel'): Handler =>
  ctx => {
    const id = readId(ctx);
    if (typeof id !== 'number') return id;
    const { backfills } = env.store;
    const backfill = backfills.get(id);
    if (!backfill) {
      return detail(404, `Could not find backfill with id ${id}`);
    }
    if (backfills.completedAt(backfill) !== null) {
      return detail(409, 'Backfill is already completed.');
    }
    backfills[action](backfill);
    return { status: 200, body: backfillResponse(env, backfill) };
  };
