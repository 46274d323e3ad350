import { Router } from '../../http/router';
import { Handler, HttpResponse } from '../../http/types';
import { SimEnv } from '../env';
import { getHealth, getVersion } from '../serverInfo';
import { createCliToken, createToken, withBearer } from './auth';
import { getDag, getDagDetails, listDags, patchDag } from './dags';
import { getImportError, listImportErrors } from './importErrors';
import { batchListRuns, getRun, listRuns, triggerRun } from './runs';
import { batchListTaskInstances, getLog, listTaskInstances } from './tasks';
import { detail } from './validate';
import {
  clearDagRun,
  clearTaskInstances,
  patchDagRun,
  patchTaskInstance,
} from './runActions';
import { getEventLog, listEventLogs } from './eventLogs';
import { listDagVersions } from './dagVersions';
import {
  changeBackfill,
  createBackfill,
  dryRunBackfill,
  getBackfill,
  listBackfills,
} from './backfills';
import {
  getHitlDetail,
  getHitlDetailTry,
  listHitlDetails,
  patchHitlDetail,
} from './hitl';

/** Routes of an Airflow 3 API server (`/api/v2` plus the simple auth manager under `/auth`). */
export function airflow3Router(env: SimEnv): Router {
  const auth = (h: Handler) => withBearer(env, h);
  return new Router()
    .add('POST', '/auth/token', createToken(env))
    .add('POST', '/auth/token/cli', createCliToken(env))
    .add('GET', '/api/v2/monitor/health', getHealth(env))
    .add('GET', '/api/v2/version', getVersion(env))
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
    )
    .add(
      'PATCH',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}',
      auth(patchDagRun(env)),
    )
    .add(
      'POST',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/clear',
      auth(clearDagRun(env)),
    )
    .add(
      'POST',
      '/api/v2/dags/{dag_id}/clearTaskInstances',
      auth(clearTaskInstances(env)),
    )
    .add(
      'PATCH',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}',
      auth(patchTaskInstance(env, false)),
    )
    .add(
      'PATCH',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/dry_run',
      auth(patchTaskInstance(env, true)),
    )
    .add('GET', '/api/v2/eventLogs', auth(listEventLogs(env)))
    .add('GET', '/api/v2/eventLogs/{event_log_id}', auth(getEventLog(env)))
    .add('GET', '/api/v2/dags/{dag_id}/dagVersions', auth(listDagVersions(env)))
    .add(
      'GET',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/hitlDetails',
      auth(listHitlDetails(env)),
    )
    .add(
      'GET',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/hitlDetails',
      auth(getHitlDetail(env)),
    )
    .add(
      'PATCH',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/hitlDetails',
      auth(patchHitlDetail(env)),
    )
    .add(
      'GET',
      '/api/v2/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/{map_index}/hitlDetails/tries/{try_number}',
      auth(getHitlDetailTry(env)),
    )
    .add('GET', '/api/v2/backfills', auth(listBackfills(env)))
    .add('POST', '/api/v2/backfills', auth(createBackfill(env)))
    .add('POST', '/api/v2/backfills/dry_run', auth(dryRunBackfill(env)))
    .add('GET', '/api/v2/backfills/{backfill_id}', auth(getBackfill(env)))
    .add(
      'PUT',
      '/api/v2/backfills/{backfill_id}/pause',
      auth(changeBackfill(env, 'pause')),
    )
    .add(
      'PUT',
      '/api/v2/backfills/{backfill_id}/unpause',
      auth(changeBackfill(env, 'unpause')),
    )
    .add(
      'PUT',
      '/api/v2/backfills/{backfill_id}/cancel',
      auth(changeBackfill(env, 'cancel')),
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
