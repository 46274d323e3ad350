import { Handler } from '../../http/types';
import { SimEnv } from '../env';
import { recordApiEvent } from '../eventLogRecording';
import { likeMatcher, parseOrderBy, sortItems } from '../query';
import { collectionPage, serveDag } from '../responses';
import { problem } from './errors';
import { isResponse, jsonBody, orderError, paging } from './request';
import { dagDetailV1, dagV1 } from './serialize';

const DAG_ORDER = [
  'dag_id',
  'dag_display_name',
  'next_dagrun',
  'fileloc',
  'description',
  'last_parsed_time',
];

export const dagNotFound = (dagId: string) =>
  problem(404, `DAG with dag_id: '${dagId}' not found`);

/** `GET /api/v1/dags`: paging, `tags` (any), `paused`, `dag_id_pattern` (ILIKE), `order_by`. */
export const listDags =
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
    return collectionPage('dags', dags, p, d => dagV1(env.store, d));
  };

export const getDag = (env: SimEnv) => serveDag(env, dagNotFound, dagV1);

export const getDagDetails = (env: SimEnv) =>
  serveDag(env, dagNotFound, dagDetailV1);

/** `PATCH /api/v1/dags/{dag_id}`: only `is_paused`, in the body and in `update_mask`. */
export const patchDag =
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
    recordApiEvent(env, ctx, 'pause', dag.dagId, body);
    return { status: 200, body: dagV1(env.store, dag) };
  };
