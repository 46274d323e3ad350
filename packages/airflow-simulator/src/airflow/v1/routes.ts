import { Router } from '../../http/router';
import { Handler, HttpResponse } from '../../http/types';
import { SimEnv } from '../env';
import { getHealth, getVersion } from '../serverInfo';
import { withBasic } from './auth';
import { getDag, getDagDetails, listDags, patchDag } from './dags';
import { problem } from './errors';
import { getEventLog, listEventLogs } from './eventLogs';
import { getImportError, listImportErrors } from './importErrors';
import { batchListRuns, getRun, listRuns, triggerRun } from './runs';
import { batchListTaskInstances, getLog, listTaskInstances } from './tasks';
import {
  clearDagRun,
  clearTaskInstances,
  setDagRunNote,
  setTaskInstanceNote,
  updateDagRunState,
  updateTaskInstancesState,
} from './runActions';

/** Routes of an Airflow 2 webserver's `/api/v1` with the basic-auth backend. */
export function airflow2Router(env: SimEnv): Router {
  const auth = (h: Handler) => withBasic(env, h);
  return new Router()
    .add('GET', '/api/v1/health', getHealth(env))
    .add('GET', '/api/v1/version', getVersion(env))
    .add('GET', '/api/v1/dags', auth(listDags(env)))
    .add('GET', '/api/v1/dags/{dag_id}', auth(getDag(env)))
    .add('PATCH', '/api/v1/dags/{dag_id}', auth(patchDag(env)))
    .add('GET', '/api/v1/dags/{dag_id}/details', auth(getDagDetails(env)))
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
      auth(getImportError(env)),
    )
    .add(
      'PATCH',
      '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}',
      auth(updateDagRunState(env)),
    )
    .add(
      'POST',
      '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/clear',
      auth(clearDagRun(env)),
    )
    .add(
      'POST',
      '/api/v1/dags/{dag_id}/clearTaskInstances',
      auth(clearTaskInstances(env)),
    )
    .add(
      'POST',
      '/api/v1/dags/{dag_id}/updateTaskInstancesState',
      auth(updateTaskInstancesState(env)),
    )
    .add(
      'PATCH',
      '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/setNote',
      auth(setDagRunNote(env)),
    )
    .add(
      'PATCH',
      '/api/v1/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances/{task_id}/setNote',
      auth(setTaskInstanceNote(env)),
    )
    .add('GET', '/api/v1/eventLogs', auth(listEventLogs(env)))
    .add('GET', '/api/v1/eventLogs/{event_log_id}', auth(getEventLog(env)));
}

/** What Airflow 2's webserver (Flask) answers for a path it does not serve. */
export function airflow2NotFound(): HttpResponse {
  return problem(
    404,
    'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  );
}
