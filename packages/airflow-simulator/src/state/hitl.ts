import { MINUTE, SECOND } from '../util/time';
import { interventionOf } from './interventions';
import type { AirflowStore } from './store';
import type { RunRecord, TaskInstanceView } from './types';

/** `HITLUser`: Airflow's user id and name (the simple auth manager uses the user name for both). */
export interface HitlUser {
  id: string;
  name: string;
}

export interface HitlResponse {
  by: HitlUser;
  at: number;
  chosenOptions: string[];
  paramsInput: Record<string, unknown>;
}

/**
 * A human-in-the-loop detail (Airflow 3.1's `hitl_detail` row): what an
 * `HITLOperator` (e.g. `ApprovalOperator`) asks while its task instance is
 * deferred, and the answer once given.
 */
export interface HitlRecord {
  run: RunRecord;
  taskId: string;
  /** Simulated tasks are never mapped. */
  mapIndex: -1;
  subject: string;
  body: string | null;
  options: string[];
  defaults: string[] | null;
  multiple: boolean;
  params: Record<string, unknown>;
  /** Empty: anyone with access to the DAG may answer. */
  assignedUsers: HitlUser[];
  createdAt: number;
  response?: HitlResponse;
}

export interface ApprovalRequest {
  dagId: string;
  runId?: string;
  taskId?: string;
  subject?: string;
  body?: string | null;
  options?: string[];
  defaults?: string[] | null;
  multiple?: boolean;
  params?: Record<string, unknown>;
  assignedUsers?: HitlUser[];
  /** How long the task has been waiting already (default: it starts waiting now). */
  waitingForMs?: number;
}

export type ApprovalRequestResult =
  | { ok: true; record: HitlRecord }
  | { ok: false; reason: string };

/** `ApprovalOperator`'s fixed options. */
export const APPROVAL_OPTIONS = ['Approve', 'Reject'];

/**
 * The approval the demo starts with: DAG `payouts`, run `rel_1`, task
 * `approve`, answered by the Airflow user `admin` (the portal's). Documented
 * in the README; browser tests rely on it.
 */
export const SEEDED_APPROVAL = {
  dagId: 'payouts',
  runId: 'rel_1',
  taskId: 'approve',
  subject: 'Release the payouts of settlement batch rel_1?',
  body: '1,284 payouts, EUR 2,417,530.12 in total, computed by compute_payouts. Approve to release them to the PSP; Reject skips the release.',
  assignedUsers: [{ id: 'admin', name: 'admin' }],
};

/**
 * Starts a run of `dagId` whose tasks before `taskId` are done and whose
 * `taskId` is deferred on a human-in-the-loop detail: the run stays running
 * until it is answered.
 */
export function requestApproval(
  store: AirflowStore,
  request: ApprovalRequest,
): ApprovalRequestResult {
  const dag = store.dags.get(request.dagId);
  if (!dag) return { ok: false, reason: `DAG ${request.dagId} not found` };
  const taskId = request.taskId ?? 'approve';
  const index = dag.tasks.findIndex(t => t.taskId === taskId);
  if (index < 0) {
    return { ok: false, reason: `DAG ${dag.dagId} has no task ${taskId}` };
  }
  const options = request.options ?? APPROVAL_OPTIONS;
  if (options.length === 0) {
    return { ok: false, reason: '"options" cannot be empty.' };
  }
  const triggered = store.trigger(dag.dagId, {
    runId: request.runId ?? null,
    logicalDate: null,
    outcome: 'success',
  });
  if (!triggered.ok) {
    return { ok: false, reason: `run ${request.runId} exists already` };
  }
  const run = triggered.run;
  const plan = run.plans[index];
  const now = store.now();
  const waitingSince = now - (request.waitingForMs ?? 0);
  // Earlier tasks ran before the approval task started, which was `waitingSince`.
  run.startAt = waitingSince - plan.startOffsetMs;
  run.queuedAt = run.startAt - SECOND;
  run.runAfter = run.queuedAt;
  const intervention = interventionOf(run);
  intervention.tasks[taskId] = {
    kind: 'frozen',
    state: 'deferred',
    tryNumber: 1,
    startDate: waitingSince,
    endDate: null,
  };
  for (const later of dag.tasks.slice(index + 1)) {
    intervention.tasks[later.taskId] = {
      kind: 'frozen',
      state: null,
      tryNumber: 0,
      startDate: null,
      endDate: null,
    };
  }
  intervention.runState = { state: 'running', at: waitingSince };
  const record: HitlRecord = {
    run,
    taskId,
    mapIndex: -1,
    subject: request.subject ?? `Approve ${dag.dagId} run ${run.runId}?`,
    body: request.body ?? null,
    options,
    defaults: request.defaults ?? null,
    multiple: request.multiple ?? false,
    params: request.params ?? {},
    assignedUsers: request.assignedUsers ?? [],
    createdAt: waitingSince,
  };
  store.hitlDetails.push(record);
  return { ok: true, record };
}

export function findHitl(
  store: AirflowStore,
  dagId: string,
  runId: string,
  taskId: string,
): HitlRecord | undefined {
  return store.hitlDetails.find(
    h => h.run.dagId === dagId && h.run.runId === runId && h.taskId === taskId,
  );
}

/**
 * Records the answer; the trigger fires and the task resumes at once:
 * `HITLOperator.execute_complete` fails the task when a chosen option is not
 * among `options` (Airflow's API itself accepts any non-empty list), else it
 * succeeds; after "Reject" an `ApprovalOperator` skips what follows it,
 * otherwise the rest of the run goes on.
 */
export function answerHitl(
  store: AirflowStore,
  record: HitlRecord,
  response: HitlResponse,
): void {
  record.response = response;
  const { run } = record;
  const tis = store.taskInstances(run);
  const index = tis.findIndex(ti => ti.task.taskId === record.taskId);
  const approval = tis[index];
  const later = tis.slice(index + 1);
  const valid = response.chosenOptions.every(o => record.options.includes(o));
  const rejected =
    approval.task.operator === 'ApprovalOperator' &&
    response.chosenOptions[0] === 'Reject';
  const intervention = interventionOf(run);
  delete intervention.runState;
  intervention.clearedAt = response.at;
  const resumedFor = Math.max(50, Math.round(SECOND / store.runSpeed));
  const endAt = response.at + resumedFor;
  intervention.tasks[record.taskId] = {
    kind: 'cleared',
    queuedAt: response.at,
    startAt: response.at,
    endAt,
    tryNumber: approval.tryNumber,
    final: valid ? 'success' : 'failed',
  };
  if (!valid || rejected) {
    freeze(run, later, valid ? 'skipped' : 'upstream_failed', endAt);
    return;
  }
  runAfter(run, later, endAt, store.runSpeed);
}

function freeze(
  run: RunRecord,
  tasks: TaskInstanceView[],
  state: 'skipped' | 'upstream_failed',
  at: number,
): void {
  const intervention = interventionOf(run);
  for (const ti of tasks) {
    intervention.tasks[ti.task.taskId] = {
      kind: 'frozen',
      state,
      tryNumber: 0,
      startDate: null,
      endDate: at,
    };
  }
}

/** The tasks after the approval run one after the other, as the scheduler would queue them. */
function runAfter(
  run: RunRecord,
  tasks: TaskInstanceView[],
  from: number,
  runSpeed: number,
): void {
  const intervention = interventionOf(run);
  let cursor = from + Math.round(SECOND / runSpeed);
  for (const ti of tasks) {
    const duration = Math.max(
      50,
      Math.round((ti.plan.tryDurationMs * run.speed) / runSpeed),
    );
    const startAt = cursor + Math.round(SECOND / runSpeed);
    intervention.tasks[ti.task.taskId] = {
      kind: 'cleared',
      queuedAt: cursor,
      startAt,
      endAt: startAt + duration,
      tryNumber: 1,
    };
    cursor = startAt + duration;
  }
}

/** The demo's pending approval, waiting for a quarter of an hour at boot. */
export function seedApprovals(store: AirflowStore): void {
  if (!store.dags.has(SEEDED_APPROVAL.dagId)) return;
  requestApproval(store, {
    ...SEEDED_APPROVAL,
    options: APPROVAL_OPTIONS,
    waitingForMs: 15 * MINUTE,
  });
}
