import { Handler } from '../../http/types';
import { SimEnv } from '../env';
import { parseOrderBy, QueryReader } from '../query';
import { collectionPage } from '../responses';
import { MAX_PAGE, orderingError } from './dags';
import { dagVersion } from './serialize';
import { detail, validationError } from './validate';

const DAG_VERSION_ORDER = [
  'id',
  'version_number',
  'bundle_name',
  'bundle_version',
];

/**
 * `GET /api/v2/dags/{dag_id}/dagVersions`. Every simulated DAG has one
 * version (its file never changes while the simulator runs), the one its
 * runs carry in `dag_versions`.
 */
export const listDagVersions =
  (env: SimEnv): Handler =>
  ctx => {
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    if (q.errors.length) return validationError(q.errors);
    const bad = parseOrderBy(q.list('order_by')).find(
      k => !DAG_VERSION_ORDER.includes(k.field),
    );
    if (bad) return orderingError(bad.field);
    const dag = env.store.dags.get(ctx.params.dag_id);
    if (!dag)
      return detail(
        404,
        `The DAG with dag_id: \`${ctx.params.dag_id}\` was not found`,
      );
    return collectionPage('dag_versions', [dag], { offset, limit }, d =>
      dagVersion(env.store, d),
    );
  };
