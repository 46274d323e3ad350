import { Prng } from '../util/prng';
import { SECOND } from '../util/time';
import {
  DagDef,
  RunRecord,
  RunView,
  TaskInstanceView,
  TaskPlan,
  TiState,
} from './types';

const HOSTS = ['worker-0', 'worker-1', 'worker-2', 'worker-3'];

/**
 * Lays out a run's tasks as a sequential chain (durations in simulated seconds divided by `speed`).
 * A failing run picks one task that exhausts its retries; everything after it is upstream_failed.
 */
export function planTasks(
  dag: DagDef,
  outcome: 'success' | 'failed',
  prng: Prng,
  speed: number,
): TaskPlan[] {
  const failIndex =
    outcome === 'failed' ? prng.int(0, dag.tasks.length - 1) : -1;
  let cursor = Math.round((prng.int(1, 4) * SECOND) / speed);
  return dag.tasks.map((task, i) => {
    const jitter = 0.6 + prng.next() * 0.8;
    const tryDurationMs = Math.max(
      50,
      Math.round((task.meanSeconds * jitter * SECOND) / speed),
    );
    const queueMs = Math.round((prng.int(1, 5) * SECOND) / speed);
    const retryDelayMs = Math.round((30 * SECOND) / speed);
    let tries = 1;
    let final: TaskPlan['final'] = 'success';
    if (i === failIndex) {
      tries = task.retries + 1;
      final = 'failed';
    } else if (i > failIndex && failIndex >= 0) {
      final = 'upstream_failed';
      tries = 0;
    } else if (task.retries > 0 && prng.chance(0.08)) {
      tries = 2; // a flaky first attempt that succeeded on retry
    }
    const plan: TaskPlan = {
      taskId: task.taskId,
      queuedOffsetMs: cursor,
      startOffsetMs: cursor + queueMs,
      tryDurationMs,
      retryDelayMs,
      tries,
      final,
      hostname: prng.pick(HOSTS),
      pid: prng.int(200, 60000),
      uuid: prng.uuid(),
    };
    if (tries > 0) {
      cursor =
        plan.startOffsetMs + tries * tryDurationMs + (tries - 1) * retryDelayMs;
    }
    return plan;
  });
}

function planEnd(plan: TaskPlan): number {
  return (
    plan.startOffsetMs +
    plan.tries * plan.tryDurationMs +
    (plan.tries - 1) * plan.retryDelayMs
  );
}

/** Offset from the run's start at which the run reaches its final state. */
export function runLengthMs(run: RunRecord): number {
  const last = [...run.plans].reverse().find(p => p.tries > 0);
  return (last ? planEnd(last) : 0) + Math.round(SECOND / run.speed) + 1;
}

export function viewRun(run: RunRecord, now: number): RunView {
  if (run.startAt === null || now < run.startAt) {
    return {
      state: 'queued',
      startDate: null,
      endDate: null,
      lastSchedulingDecision: run.queuedAt,
      updatedAt: run.queuedAt,
    };
  }
  const end = run.startAt + runLengthMs(run);
  if (now < end) {
    return {
      state: 'running',
      startDate: run.startAt,
      endDate: null,
      lastSchedulingDecision: now - (now % 5000),
      updatedAt: now,
    };
  }
  return {
    state: run.outcome,
    startDate: run.startAt,
    endDate: end,
    lastSchedulingDecision: end,
    updatedAt: end,
  };
}

export function viewTask(
  run: RunRecord,
  dag: DagDef,
  plan: TaskPlan,
  now: number,
): TaskInstanceView {
  const task = dag.tasks.find(t => t.taskId === plan.taskId)!;
  const base: TaskInstanceView = {
    run,
    task,
    plan,
    state: null,
    tryNumber: 0,
    startDate: null,
    endDate: null,
    queuedWhen: null,
    scheduledWhen: null,
    progress: 0,
  };
  if (run.startAt === null || now < run.startAt) return base;
  const t = now - run.startAt;
  if (plan.tries === 0) {
    // Downstream of the failed task: marked once the failure happened.
    const done = viewRun(run, now).state === 'failed';
    return {
      ...base,
      state: done ? 'upstream_failed' : null,
      endDate: done ? run.startAt + runLengthMs(run) - 1 : null,
    };
  }
  if (t < plan.queuedOffsetMs) return base;
  const queuedWhen = run.startAt + plan.queuedOffsetMs;
  const scheduled = {
    ...base,
    queuedWhen,
    scheduledWhen: queuedWhen - 200,
    tryNumber: 1,
  };
  if (t < plan.startOffsetMs) return { ...scheduled, state: 'queued' };
  const cycle = plan.tryDurationMs + plan.retryDelayMs;
  const sinceStart = t - plan.startOffsetMs;
  const end = planEnd(plan);
  if (t >= end) {
    const lastTryStart =
      run.startAt + plan.startOffsetMs + (plan.tries - 1) * cycle;
    return {
      ...scheduled,
      state: plan.final,
      tryNumber: plan.tries,
      startDate: lastTryStart,
      endDate: run.startAt + end,
      progress: 1,
    };
  }
  const tryIndex = Math.min(plan.tries - 1, Math.floor(sinceStart / cycle));
  const inTry = sinceStart - tryIndex * cycle;
  const tryStart = run.startAt + plan.startOffsetMs + tryIndex * cycle;
  let state: TiState = 'running';
  if (inTry >= plan.tryDurationMs) state = 'up_for_retry';
  return {
    ...scheduled,
    state,
    tryNumber: tryIndex + 1,
    startDate: tryStart,
    endDate: state === 'up_for_retry' ? tryStart + plan.tryDurationMs : null,
    progress: Math.min(1, inTry / plan.tryDurationMs),
  };
}
