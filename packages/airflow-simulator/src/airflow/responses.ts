import { Handler, HttpResponse } from '../http/types';
import { AirflowStore } from '../state/store';
import { DagDef, ImportErrorRecord } from '../state/types';
import { SimEnv } from './env';

/** `{<key>: one page of the items, total_entries}`: how both API versions answer a list. */
export function collectionPage<T>(
  key: string,
  items: T[],
  page: { offset: number; limit: number },
  serialize: (item: T) => unknown,
): HttpResponse {
  return {
    status: 200,
    body: {
      [key]: items
        .slice(page.offset, page.offset + page.limit)
        .map(item => serialize(item)),
      total_entries: items.length,
    },
  };
}

/** A route about one DAG: its serialization, or the API version's 404 for an unknown id. */
export const serveDag =
  (
    env: SimEnv,
    notFound: (dagId: string) => HttpResponse,
    serialize: (store: AirflowStore, dag: DagDef) => unknown,
  ): Handler =>
  ctx => {
    const dag = env.store.dags.get(ctx.params.dag_id);
    return dag
      ? { status: 200, body: serialize(env.store, dag) }
      : notFound(ctx.params.dag_id);
  };

/** A route about one import error: its serialization, or the API version's 404 for an unknown id. */
export const serveImportError =
  (
    env: SimEnv,
    notFound: (id: string) => HttpResponse,
    serialize: (rec: ImportErrorRecord) => unknown,
  ): Handler =>
  ctx => {
    const id = ctx.params.import_error_id;
    const rec = env.store.importErrors.find(e => String(e.id) === id);
    return rec ? { status: 200, body: serialize(rec) } : notFound(id);
  };
