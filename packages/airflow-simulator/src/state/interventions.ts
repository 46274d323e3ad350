import { SECOND } from '../util/time';
import type {
  RunRecord,
  RunState,
  RunView,
  TaskInstanceView,
  TiState,
} from './types';

/** A task instance as a user left it: its view frozen at `at`, with the state they set. */
export interface FrozenTask {
  kind: 'frozen';
  state: TiState;
  tryNumber: number;
  startDate: number | null;
  endDate: number | null;
}

/** A cleared task instance: no state, then queued, running and success on its next try. */
export interface ClearedTask {
  kind: 'cleared';
  /** When it is queued, and when its try starts and ends. */
  queuedAt: number;
  startAt: number;
  endAt: number;
  tryNumber: number;
  /** How its try ends (default success; a deferred task resumed with a bad answer fails). */
  final?: 'success' | 'failed';
}

/**
 * What users did to a run after it was planned: cleared task instances run
 * again (Airflow sets them to no state and the run to queued; the scheduler
 * then runs them), marked ones keep the state they were given, notes are
 * kept. Views of the run and its task instances are derived from the plan,
 * then from this.
 */
export interface RunIntervention {
  tasks: Record<string, FrozenTask | ClearedTask>;
  /** Set by marking the run; cleared by clearing it. */
  runState?: { state: RunState; at: number };
  /** The last clear: the run is queued from then until its first cleared task is. */
  clearedAt?: number;
  notes: Record<string, string | null>;
}

export const FAILED_STATES: TiState[] = ['failed', 'upstream_failed'];
const FINISHED: TiState[] = ['success', 'failed', 'upstream_failed', 'skipped'];

export function interventionOf(run: RunRecord): RunIntervention {
  run.intervention ??= { tasks: {}, notes: {} };
  return run.intervention;
}

/** A task instance's view with what users did to it. */
export function applyToTask(
  view: TaskInstanceView,
  now: number,
): TaskInstanceView {
  const intervention = view.run.intervention;
  if (!intervention) return view;
  const note = intervention.notes[view.task.taskId];
  const withNote = note === undefined ? view : { ...view, note };
  const override = intervention.tasks[view.task.taskId];
  if (!override) return withNote;
  if (override.kind === 'frozen') {
    return {
      ...withNote,
      state: override.state,
      tryNumber: override.tryNumber,
      startDate: override.startDate,
      endDate: override.endDate,
      progress: 1,
    };
  }
  const base = { ...withNote, tryNumber: override.tryNumber };
  if (now < override.queuedAt) {
    return { ...base, state: null, startDate: null, endDate: null };
  }
  if (now < override.startAt) {
    return {
      ...base,
      state: 'queued',
      queuedWhen: override.queuedAt,
      startDate: null,
      endDate: null,
    };
  }
  const running = now < override.endAt;
  return {
    ...base,
    state: running ? 'running' : override.final ?? 'success',
    queuedWhen: override.queuedAt,
    startDate: override.startAt,
    endDate: running ? null : override.endAt,
    progress: running
      ? (now - override.startAt) / (override.endAt - override.startAt)
      : 1,
  };
}

/** A run's view with what users did to it, from its task instances' views. */
export function applyToRun(
  run: RunRecord,
  view: RunView,
  tasks: TaskInstanceView[],
  now: number,
): RunView {
  const intervention = run.intervention;
  if (!intervention) return view;
  if (intervention.runState) {
    const { state, at } = intervention.runState;
    const finished = state === 'success' || state === 'failed';
    return {
      ...view,
      state,
      endDate: finished ? at : null,
      lastSchedulingDecision: at,
      updatedAt: at,
    };
  }
  if (intervention.clearedAt === undefined) return view;
  const at = intervention.clearedAt;
  const cleared = Object.values(intervention.tasks).filter(
    (t): t is ClearedTask => t.kind === 'cleared',
  );
  const firstQueued = Math.min(...cleared.map(t => t.queuedAt));
  if (now < firstQueued) {
    return {
      ...view,
      state: 'queued',
      endDate: null,
      lastSchedulingDecision: at,
      updatedAt: at,
    };
  }
  const lastEnd = Math.max(...cleared.map(t => t.endAt));
  if (now < lastEnd) {
    return {
      ...view,
      state: 'running',
      endDate: null,
      lastSchedulingDecision: now - (now % 5000),
      updatedAt: now,
    };
  }
  const failed = tasks.some(t => FAILED_STATES.includes(t.state));
  return {
    ...view,
    state: failed ? 'failed' : 'success',
    endDate: lastEnd,
    lastSchedulingDecision: lastEnd,
    updatedAt: lastEnd,
  };
}

/**
 * Clears `targets` (views as they are now): no state until the scheduler
 * queues them again one after the other, in the DAG's order, each ending in
 * success after about its planned try (at the store's run speed).
 */
export function clearTasks(
  run: RunRecord,
  targets: TaskInstanceView[],
  now: number,
  runSpeed: number,
): void {
  const intervention = interventionOf(run);
  delete intervention.runState;
  intervention.clearedAt = now;
  let cursor = now + Math.round((2 * SECOND) / runSpeed);
  for (const ti of targets) {
    const duration = Math.max(
      50,
      Math.round((ti.plan.tryDurationMs * run.speed) / runSpeed),
    );
    const queuedAt = cursor;
    const startAt = queuedAt + Math.round(SECOND / runSpeed);
    intervention.tasks[ti.task.taskId] = {
      kind: 'cleared',
      queuedAt,
      startAt,
      endAt: startAt + duration,
      tryNumber: ti.tryNumber + 1,
    };
    cursor = startAt + duration;
  }
}

/** Sets `targets` to `state` as they are now. */
export function markTasks(
  run: RunRecord,
  targets: TaskInstanceView[],
  state: TiState,
  now: number,
): void {
  const intervention = interventionOf(run);
  for (const ti of targets) {
    intervention.tasks[ti.task.taskId] = {
      kind: 'frozen',
      state,
      tryNumber: ti.tryNumber,
      startDate: ti.startDate,
      endDate: ti.endDate ?? (ti.startDate === null ? null : now),
    };
  }
}

/**
 * Airflow's `set_dag_run_state_to_success`/`_failed`: success marks every
 * unfinished task instance success; failed marks running ones failed and
 * the other unfinished ones skipped. Finished ones keep their state, frozen
 * as they are now.
 */
export function markRun(
  run: RunRecord,
  tasks: TaskInstanceView[],
  state: 'success' | 'failed' | 'queued',
  now: number,
): void {
  for (const ti of tasks) {
    if (FINISHED.includes(ti.state)) {
      markTasks(run, [ti], ti.state, now);
    } else if (state === 'success') {
      markTasks(run, [ti], 'success', now);
    } else if (state === 'failed') {
      markTasks(run, [ti], ti.state === 'running' ? 'failed' : 'skipped', now);
    }
  }
  const intervention = interventionOf(run);
  intervention.runState = { state, at: now };
}

export function isFinished(state: TiState): boolean {
  return FINISHED.includes(state);
}
