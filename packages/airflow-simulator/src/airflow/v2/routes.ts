import { Router } from '../../http/router';
import { Handler, HttpResponse } from '../../http/types';

import { SimEnv } from '../env';
import { parseOrderBy, QueryReader, sortItems, likeMatcher } from '../query';
import { createCliToken, createToken, withBearer } from './auth';
import {
  getDag,
  getDagDetails,
  listDags,
  MAX_PAGE,
  orderingError,
  patchDag,
} from './dags';
import { batchListRuns, getRun, listRuns, triggerRun } from './runs';
import { healthInfo, importErrorResponse } from './serialize';
import { batchListTaskInstances, getLog, listTaskInstances } from './tasks';
import { detail, validationError } from './validate';

const IMPORT_ERROR_ORDER = [
  'id',
  'import_error_id',
  'timestamp',
  'filename',
  'bundle_name',
  'stacktrace',
];

const listImportErrors =
  (env: SimEnv): Handler =>
  ctx => {
    const q = new QueryReader(ctx.query);
    const limit = Math.min(q.int('limit', 50, 0), MAX_PAGE);
    const offset = q.int('offset', 0, 0);
    if (q.errors.length) return validationError(q.errors);
    const order = parseOrderBy(q.list('order_by'));
    const bad = order.find(k => !IMPORT_ERROR_ORDER.includes(k.field));
    if (bad) return orderingError(bad.field);
    const pattern = q.str('filename_pattern');
    const match = pattern ? likeMatcher(pattern, true) : () => true;
    const rows = sortItems(
      env.store.importErrors.filter(e => match(e.filename)),
      order.length ? order : [{ field: 'id', desc: false }],
      (e, field) => {
        if (field === 'timestamp') return e.timestamp;
        if (field === 'filename') return e.filename;
        if (field === 'stacktrace') return e.stackTrace;
        return e.id;
      },
    );
    return {
      status: 200,
      body: {
        import_errors: rows
          .slice(offset, offset + limit)
          .map(importErrorResponse),
        total_entries: rows.length,
      },
    };
  };

const getImportError =
  (env: SimEnv): Handler =>
  ctx => {
    const rec = env.store.importErrors.find(
      e => String(e.id) === ctx.params.import_error_id,
    );
    return rec
      ? { status: 200, body: importErrorResponse(rec) }
      : detail(
          404,
          `The ImportError with import_error_id: \`${ctx.params.import_error_id}\` was not found`,
        );
  };

/** Routes of an Airflow 3 API server (`/api/v2` plus the simple auth manager under `/auth`). */
export function airflow3Router(env: SimEnv): Router {
  const auth = (h: Handler) => withBearer(env, h);
  return new Router()
    .add('POST', '/auth/token', createToken(env))
    .add('POST', '/auth/token/cli', createCliToken(env))
    .add('GET', '/api/v2/monitor/health', () => ({
      status: 200,
      body: healthInfo(env.store),
    }))
    .add('GET', '/api/v2/version', () => ({
      status: 200,
      body: { version: env.settings.version, git_version: null },
    }))
    .add('GET', '/api/v2/dags', auth(listDags(env)))
    .add('GET', '/api/v2/dags/{dag_id}', auth(getDag(env)))
    .add('PATCH', '/api/v2/dags/{dag_id}', auth(patchDag(env)))
    .add('GET', '/api/v2/dags/{dag_id}/details', auth(getDagDetails(env)))
    .add('GET', '/api/v2/dags/{dag_id}/dagRuns', auth(listRuns(env)))
    .add('POST', '/api/v2/dags/{dag_id}/dagRuns', auth(triggerRun(env)))
    .add('POST', '/api/v2/dags/{dag_id}/dagRuns/list', auth(batchListRuns(env)))
    .add('GET', '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}', auth(getRun(env)))
    .add(
      'GET',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances',
      auth(listTaskInstances(env)),
    )
    .add(
      'POST',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/list',
      auth(batchListTaskInstances(env)),
    )
    .add(
      'GET',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/logs/{try_number}',
      auth(getLog(env)),
    )
    .add('GET', '/api/v2/importErrors', auth(listImportErrors(env)))
    .add(
      'GET',
      '/api/v2/importErrors/{import_error_id}',
      auth(getImportError(env)),
    );
}

/** What Airflow 3 answers for paths it does not serve (used for version sniffing by clients). */
export function airflow3NotFound(path: string): HttpResponse {
  if (path === '/api/v1' || path.startsWith('/api/v1/')) {
    return {
      status: 404,
      body: {
        error:
          '/api/v1 has been removed in Airflow 3, please use its upgraded version /api/v2 instead.',
      },
    };
  }
  if (path === '/health') {
    return {
      status: 404,
      body: {
        error:
          'Moved in Airflow 3. Please change config to check `/api/v2/monitor/health`',
      },
    };
  }
  return detail(404, 'Not Found');
}
