import { HttpResponse, RequestContext } from '../http/types';
import { HitlUser, requestApproval } from '../state/hitl';
import { AirflowStore } from '../state/store';

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.every(x => typeof x === 'string') ? v : undefined;

const users = (v: unknown): HitlUser[] | undefined =>
  Array.isArray(v)
    ? v.map(u =>
        typeof u === 'string'
          ? { id: u, name: u }
          : { id: String(u.id), name: String(u.name ?? u.id) },
      )
    : undefined;

/**
 * `POST /_simulator/hitl` (control API, Airflow 3): a new run of `dag_id`
 * (default `payouts`) whose `task_id` (default `approve`) waits for an answer.
 * Body: `{dag_id?, run_id?, task_id?, subject?, body?, options?, defaults?,
 * multiple?, params?, assigned_users? (names or {id, name})}`.
 */
export function requestApprovalRoute(
  store: AirflowStore,
  ctx: RequestContext,
): HttpResponse {
  if (store.flavor !== 'airflow3') {
    return {
      status: 400,
      body: { error: 'human-in-the-loop needs Airflow 3' },
    };
  }
  let b: Record<string, any>;
  try {
    b = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : {};
  } catch {
    return { status: 400, body: { error: 'the body is not JSON' } };
  }
  const result = requestApproval(store, {
    dagId: typeof b.dag_id === 'string' ? b.dag_id : 'payouts',
    runId: typeof b.run_id === 'string' ? b.run_id : undefined,
    taskId: typeof b.task_id === 'string' ? b.task_id : undefined,
    subject: typeof b.subject === 'string' ? b.subject : undefined,
    body: typeof b.body === 'string' ? b.body : undefined,
    options: strings(b.options),
    defaults: strings(b.defaults),
    multiple: typeof b.multiple === 'boolean' ? b.multiple : undefined,
    params:
      b.params && typeof b.params === 'object' && !Array.isArray(b.params)
        ? b.params
        : undefined,
    assignedUsers: users(b.assigned_users),
  });
  if (!result.ok) return { status: 400, body: { error: result.reason } };
  const { record } = result;
  return {
    status: 200,
    body: {
      dag_id: record.run.dagId,
      dag_run_id: record.run.runId,
      task_id: record.taskId,
      map_index: record.mapIndex,
    },
  };
}
