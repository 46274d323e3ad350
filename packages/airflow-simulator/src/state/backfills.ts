import { SECOND, runIdStamp } from '../util/time';
import { interventionOf } from './interventions';
import { planTasks, runLengthMs } from './plan';
import { intervalOf, tickAtOrBefore } from './schedules';
import type { AirflowStore } from './store';
import type { DagDef, RunRecord } from './types';

export type ReprocessBehavior = 'none' | 'failed' | 'completed';

export interface BackfillSpec {
  dagId: string;
  fromDate: number;
  toDate: number;
  runBackwards: boolean;
  reprocessBehavior: ReprocessBehavior;
  maxActiveRuns: number;
  dagRunConf: Record<string, unknown>;
  user: string | null;
}

/** Airflow's `backfill` row, with the runs it made (its `backfill_dag_run`s that have a run). */
export interface BackfillRecord {
  id: number;
  dagId: string;
  fromDate: number;
  toDate: number;
  dagRunConf: Record<string, unknown>;
  isPaused: boolean;
  reprocessBehavior: ReprocessBehavior;
  maxActiveRuns: number;
  createdAt: number;
  /** Set by cancel; otherwise derived: when the last of its runs finished. */
  cancelledAt?: number;
  updatedAt: number;
  runs: RunRecord[];
}

/** Why Airflow refuses a backfill, as its API reports it. */
export type BackfillRefusal =
  | { reason: 'dag_not_found' }
  | { reason: 'already_running' }
  | { reason: 'invalid'; message: string };

const FINISHED = ['success', 'failed'];

/** The backfills of one simulated Airflow (ids from 1, as its database's sequence). */
export class Backfills {
  private readonly records: BackfillRecord[] = [];
  private nextId = 1;

  constructor(private readonly store: AirflowStore) {}

  list(dagId: string): BackfillRecord[] {
    return this.records.filter(b => b.dagId === dagId);
  }

  get(id: number): BackfillRecord | undefined {
    return this.records.find(b => b.id === id);
  }

  /** When it completed: cancelled, or once every run it made has finished. */
  completedAt(backfill: BackfillRecord): number | null {
    if (backfill.cancelledAt !== undefined) return backfill.cancelledAt;
    let last = backfill.createdAt;
    for (const run of backfill.runs) {
      const view = this.store.viewRun(run);
      if (!FINISHED.includes(view.state)) return null;
      last = Math.max(last, view.endDate ?? last);
    }
    return last;
  }

  /**
   * `_do_dry_run`: the logical dates a backfill would run, without those it
   * would leave alone (runs in flight, or finished ones the reprocess
   * behaviour keeps).
   */
  dryRun(spec: BackfillSpec): number[] | BackfillRefusal {
    const dag = this.store.dags.get(spec.dagId);
    if (!dag) return { reason: 'dag_not_found' };
    const invalid = this.validate(dag, spec);
    if (invalid) return invalid;
    return this.logicalDates(dag, spec).filter(date => {
      const existing = this.latestRun(dag.dagId, date);
      return !existing || this.reprocesses(existing, spec.reprocessBehavior);
    });
  }

  /** `_create_backfill`: new runs for missing dates, existing ones cleared when reprocessed. */
  create(spec: BackfillSpec): BackfillRecord | BackfillRefusal {
    const dag = this.store.dags.get(spec.dagId);
    if (!dag) return { reason: 'dag_not_found' };
    if (this.list(dag.dagId).some(b => this.completedAt(b) === null)) {
      return { reason: 'already_running' };
    }
    const invalid = this.validate(dag, spec);
    if (invalid) return invalid;
    const now = this.store.now();
    const backfill: BackfillRecord = {
      id: this.nextId++,
      dagId: dag.dagId,
      fromDate: spec.fromDate,
      toDate: spec.toDate,
      dagRunConf: spec.dagRunConf,
      isPaused: false,
      reprocessBehavior: spec.reprocessBehavior,
      maxActiveRuns: Math.max(1, spec.maxActiveRuns),
      createdAt: now,
      updatedAt: now,
      runs: [],
    };
    for (const date of this.logicalDates(dag, spec)) {
      const existing = this.latestRun(dag.dagId, date);
      if (!existing) {
        backfill.runs.push(this.newRun(dag, date, spec));
      } else if (this.reprocesses(existing, spec.reprocessBehavior)) {
        backfill.runs.push(this.requeue(dag, existing, spec));
      }
    }
    this.records.push(backfill);
    this.schedule(backfill, now);
    return backfill;
  }

  /** Stops starting new runs; runs already started go on. */
  pause(backfill: BackfillRecord): void {
    if (backfill.isPaused) return;
    const now = this.store.now();
    for (const run of backfill.runs) {
      if (run.startAt !== null && run.startAt > now) run.startAt = null;
    }
    backfill.isPaused = true;
    backfill.updatedAt = now;
  }

  unpause(backfill: BackfillRecord): void {
    if (!backfill.isPaused) return;
    const now = this.store.now();
    backfill.isPaused = false;
    backfill.updatedAt = now;
    this.schedule(backfill, now);
  }

  /** Pauses, fails the runs still queued and completes the backfill. */
  cancel(backfill: BackfillRecord): void {
    this.pause(backfill);
    const now = this.store.now();
    for (const run of backfill.runs) {
      if (this.store.viewRun(run).state === 'queued') {
        interventionOf(run).runState = { state: 'failed', at: now };
      }
    }
    backfill.cancelledAt = now;
    backfill.updatedAt = now;
  }

  private validate(
    dag: DagDef,
    spec: BackfillSpec,
  ): BackfillRefusal | undefined {
    if (intervalOf(dag.schedule) === null) {
      return { reason: 'invalid', message: `${dag.dagId} has no schedule` };
    }
    if (spec.fromDate > spec.toDate) {
      return {
        reason: 'invalid',
        message: `from_date (${isoPy(
          spec.fromDate,
        )}) must not be after to_date (${isoPy(spec.toDate)}).`,
      };
    }
    const now = this.store.now();
    if (spec.fromDate >= now && spec.toDate >= now) {
      return {
        reason: 'invalid',
        message: 'Backfill cannot be executed for future dates.',
      };
    }
    return undefined;
  }

  /**
   * The schedule's ticks in [from, to] that are already past (Airflow 3's
   * cron timetables run at the tick, with the tick as logical date).
   */
  private logicalDates(dag: DagDef, spec: BackfillSpec): number[] {
    const interval = intervalOf(dag.schedule)!;
    const now = this.store.now();
    const dates: number[] = [];
    let tick = tickAtOrBefore(dag.schedule, spec.toDate)!;
    while (tick >= spec.fromDate) {
      if (tick < now) dates.push(tick);
      tick -= interval;
    }
    dates.reverse();
    return spec.runBackwards ? dates.reverse() : dates;
  }

  private latestRun(dagId: string, logicalDate: number) {
    return this.store
      .runsOf(dagId)
      .filter(r => r.logicalDate === logicalDate)
      .sort((a, b) => (b.startAt ?? Infinity) - (a.startAt ?? Infinity))[0];
  }

  /** `_get_dag_run_no_create_reason` inverted: whether an existing run is run again. */
  private reprocesses(run: RunRecord, behavior: ReprocessBehavior): boolean {
    const state = this.store.viewRun(run).state;
    if (!FINISHED.includes(state)) return false;
    if (behavior === 'completed') return true;
    return behavior === 'failed' && state === 'failed';
  }

  private newRun(dag: DagDef, logicalDate: number, spec: BackfillSpec) {
    const created = this.store.trigger(dag.dagId, {
      runId: `backfill__${runIdStamp(logicalDate)}`,
      logicalDate,
      dataIntervalStart: logicalDate,
      dataIntervalEnd: logicalDate,
      runAfter: logicalDate,
      conf: spec.dagRunConf,
      triggeredBy: 'backfill',
      user: spec.user,
    });
    if (!created.ok) throw new Error(`backfill run ${created.reason}`);
    const run = created.run;
    run.runType = 'backfill';
    run.externalTrigger = false;
    run.startAt = null;
    return run;
  }

  /** Airflow clears the run (back to queued) and makes it a backfill run. */
  private requeue(dag: DagDef, run: RunRecord, spec: BackfillSpec) {
    const now = this.store.now();
    const speed = this.store.runSpeed;
    const prng = this.store.forkPrng(
      `backfill:${run.dagId}:${run.runId}:${now}`,
    );
    run.outcome = prng.chance(dag.failureRate) ? 'failed' : 'success';
    run.plans = planTasks(dag, run.outcome, prng, speed);
    run.speed = speed;
    run.intervention = undefined;
    run.runType = 'backfill';
    run.triggeredBy = 'backfill';
    run.triggeringUser = spec.user;
    run.conf = spec.dagRunConf;
    run.queuedAt = now;
    run.startAt = null;
    return run;
  }

  /**
   * The scheduler's part: from `from`, starts the backfill's queued runs in
   * order, at most `max_active_runs` at a time (each as soon as a running one
   * ends); nothing while paused.
   */
  private schedule(backfill: BackfillRecord, from: number): void {
    if (backfill.isPaused) return;
    const slots: number[] = [];
    for (const run of backfill.runs) {
      if (run.startAt === null || run.startAt > from) continue;
      const end = run.startAt + runLengthMs(run);
      if (end > from) slots.push(end);
    }
    const delay = Math.round((2 * SECOND) / this.store.runSpeed);
    for (const run of backfill.runs) {
      if (run.startAt !== null) continue;
      if (this.store.viewRun(run).state !== 'queued') continue;
      slots.sort((a, b) => a - b);
      const start =
        slots.length < backfill.maxActiveRuns
          ? from + delay
          : Math.max(from + delay, slots.shift()!);
      run.startAt = start;
      slots.push(start + runLengthMs(run));
    }
  }
}

/** Python's `datetime.isoformat()` of an aware UTC datetime. */
function isoPy(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, '+00:00');
}
