import { Handler } from '../../http/types';
import { DagDef } from '../../state/types';
import { SimEnv } from '../env';
import { recordApiEvent } from '../eventLogRecording';
import { likeMatcher, parseOrderBy, QueryReader, sortItems } from '../query';
import { nextRun } from '../common';
import { collectionPage, serveDag } from '../responses';
import { dagDetails, dagResponse } from './serialize';
import { detail, parseBody, validationError } from './validate';

export const MAX_PAGE = 100;
const DAG_ORDER = [
  'dag_id',
  'dag_display_name',
  'next_dagrun',
  'state',
  'start_date',
  'last_run_state',
  'last_run_start_date',
];

export const dagNotFound = (dagId: string) =>
  detail(404, `Dag with id ${dagId} was not found`);

export function orderingError(field: string) {
  return detail(
    400,
    `Ordering with '${field}' is disallowed or the attribute does not exist on the model`,
  );
}

/** `GET /api/v2/dags`: paging (limit clamped to 100), tags any/all, owners, ILIKE patterns, paused. */
export const listDags =
  (env: SimEnv): Handler =>
  ctx => {
    const { store } = env;
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    const paused = q.bool('paused');
    q.bool('exclude_stale');
    const hasImportErrors = q.bool('has_import_errors');
    const mode = q.str('tags_match_mode') ?? 'any';
    if (!['any', 'all'].includes(mode)) {
      q.errors.push({
        type: 'literal_error',
        loc: ['query', 'tags_match_mode'],
        msg: "Input should be 'any' or 'all'",
        input: mode,
        ctx: { expected: "'any' or 'all'" },
      });
    }
    if (q.errors.length) return validationError(q.errors);
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => !DAG_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);

    const tags = q.list('tags');
    const owners = q.list('owners');
    const idPattern = q.str('dag_id_pattern');
    const namePattern = q.str('dag_display_name_pattern');
    const lastState = q.str('last_dag_run_state');
    const runStates = q.list('dag_run_state');
    const idMatch = idPattern ? likeMatcher(idPattern, true) : undefined;
    const nameMatch = namePattern ? likeMatcher(namePattern, true) : undefined;

    const lastRunOf = (dag: DagDef) => {
      const run = store.lastRun(dag.dagId);
      return run ? { run, view: store.viewRun(run) } : undefined;
    };
    let dags = store.dagList().filter(dag => {
      if (paused !== undefined && store.isPaused(dag.dagId) !== paused)
        return false;
      if (hasImportErrors === true) return false;
      if (tags.length) {
        const hit =
          mode === 'all'
            ? tags.every(t => dag.tags.includes(t))
            : tags.some(t => dag.tags.includes(t));
        if (!hit) return false;
      }
      if (owners.length && !owners.some(o => dag.owners.includes(o)))
        return false;
      if (idMatch && !idMatch(dag.dagId)) return false;
      if (nameMatch && !nameMatch(dag.displayName)) return false;
      if (lastState && lastRunOf(dag)?.view.state !== lastState) return false;
      if (
        runStates.length &&
        !store
          .runsOf(dag.dagId)
          .some(r => runStates.includes(store.viewRun(r).state))
      ) {
        return false;
      }
      return true;
    });
    dags = sortItems(
      dags,
      order.length ? order : [{ field: 'dag_id', desc: false }],
      (dag, field) => {
        switch (field) {
          case 'dag_id':
            return dag.dagId;
          case 'dag_display_name':
            return dag.displayName.toLowerCase();
          case 'next_dagrun':
            return nextRun(store, dag).logicalDate;
          case 'last_run_state':
          case 'state':
            return lastRunOf(dag)?.view.state ?? null;
          case 'last_run_start_date':
          case 'start_date':
            return lastRunOf(dag)?.view.startDate ?? null;
          default:
            return null;
        }
      },
    );
    return collectionPage('dags', dags, { offset, limit }, d =>
      dagResponse(store, d),
    );
  };

export const getDag = (env: SimEnv) => serveDag(env, dagNotFound, dagResponse);

export const getDagDetails = (env: SimEnv) =>
  serveDag(env, dagNotFound, dagDetails);

/** `update_mask` may be repeated or comma separated; only `is_paused` may be updated. */
export function badUpdateMask(values: string[]): boolean {
  const mask = values
    .flatMap(v => v.split(','))
    .map(v => v.trim())
    .filter(Boolean);
  return values.length > 0 && !(mask.length === 1 && mask[0] === 'is_paused');
}

/** `PATCH /api/v2/dags/{dag_id}`: body validated first (422), then update_mask (400), then the DAG (404). */
export const patchDag =
  (env: SimEnv): Handler =>
  ctx => {
    const parsed = parseBody(ctx, {
      fields: { is_paused: { type: 'bool' } },
      required: ['is_paused'],
    });
    if (!parsed.ok) return parsed.response;
    if (badUpdateMask(ctx.query.getAll('update_mask'))) {
      return detail(
        400,
        'Only `is_paused` field can be updated through the REST API',
      );
    }
    const dag = env.store.dags.get(ctx.params.dag_id);
    if (!dag)
      return detail(404, `Dag with id: ${ctx.params.dag_id} was not found`);
    env.store.setPaused(dag.dagId, parsed.value.is_paused);
    recordApiEvent(env, ctx, 'pause', dag.dagId, {
      is_paused: parsed.value.is_paused,
    });
    return { status: 200, body: dagResponse(env.store, dag) };
  };
