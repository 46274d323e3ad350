import { Prng } from '../util/prng';
import { PayloadSigner } from '../util/signer';
import { MINUTE, SECOND, runIdStamp } from '../util/time';
import { buildCatalog, buildImportErrors } from './catalog';
import { SimClock } from './clock';
import { applyToRun, applyToTask } from './interventions';
import { EventLog, seedEventLog } from './eventLog';
import { HitlRecord, seedApprovals } from './hitl';
import { Backfills } from './backfills';
import { planTasks, runLengthMs, viewRun, viewTask } from './plan';
import { intervalOf, tickAtOrBefore } from './schedules';
import {
  DagDef,
  Flavor,
  ImportErrorRecord,
  RunRecord,
  TaskInstanceView,
  TriggeredBy,
} from './types';

export interface StoreOptions {
  flavor: Flavor;
  seed: string;
  dagCount: number;
  /** Simulated seconds per wall-clock second for runs started after boot. */
  runSpeed: number;
  clock: SimClock;
}

export type HealthComponent =
  | 'metadatabase'
  | 'scheduler'
  | 'triggerer'
  | 'dag_processor';

export interface TriggerInput {
  runId?: string | null;
  logicalDate: number | null;
  dataIntervalStart?: number | null;
  dataIntervalEnd?: number | null;
  runAfter?: number | null;
  conf?: Record<string, unknown> | null;
  note?: string | null;
  triggeredBy?: TriggeredBy;
  user?: string | null;
  /** Forces this run's outcome (else the DAG's override or its failure rate). */
  outcome?: 'success' | 'failed';
}

export type TriggerResult =
  | { ok: true; run: RunRecord }
  | { ok: false; reason: 'not_found' }
  | {
      ok: false;
      reason: 'duplicate_run_id' | 'duplicate_logical_date';
      runId: string;
    };

/** The whole mutable state of one simulated Airflow: DAGs, runs, import errors, health. */
export class AirflowStore {
  readonly flavor: Flavor;
  readonly seed: string;
  readonly clock: SimClock;
  readonly bootTime: number;
  runSpeed: number;
  readonly dags = new Map<string, DagDef>();
  readonly paused = new Map<string, boolean>();
  readonly runs: RunRecord[] = [];
  readonly importErrors: ImportErrorRecord[];
  readonly unhealthy = new Set<HealthComponent>();
  /** Backfills (Airflow 3) and the runs they make. */
  readonly backfills = new Backfills(this);
  /** Human-in-the-loop details of deferred task instances (Airflow 3, see hitl.ts). */
  readonly hitlDetails: HitlRecord[] = [];
  /** Airflow's event log: seeded changes made in Airflow itself, then what the API is asked to do. */
  readonly eventLog = new EventLog();
  private readonly outcomeOverride = new Map<string, 'success' | 'failed'>();
  private readonly triggerCounts = new Map<string, number>();
  private nextRunId = 1;
  private readonly prng: Prng;
  /** Signs file tokens and log continuation tokens (Airflow's `secret_key`). */
  readonly signer: PayloadSigner;

  constructor(options: StoreOptions) {
    this.flavor = options.flavor;
    this.seed = options.seed;
    this.clock = options.clock;
    this.runSpeed = options.runSpeed;
    this.prng = new Prng(options.seed);
    this.signer = new PayloadSigner(`secret:${options.seed}`);
    this.bootTime = this.clock.now();
    for (const dag of buildCatalog(
      options.seed,
      options.dagCount,
      options.flavor,
    )) {
      this.dags.set(dag.dagId, dag);
      this.paused.set(dag.dagId, dag.pausedAtStart);
    }
    this.importErrors = buildImportErrors(this.bootTime);
    for (const dag of this.dags.values()) this.seedHistory(dag);
    if (this.flavor === 'airflow3') seedApprovals(this);
    seedEventLog(
      this.eventLog,
      [...this.dags.keys()],
      this.bootTime,
      this.flavor,
    );
  }

  now(): number {
    return this.clock.now();
  }

  /** A seeded random source for one purpose (same label, same numbers). */
  forkPrng(label: string): Prng {
    return this.prng.fork(label);
  }

  dagList(): DagDef[] {
    return [...this.dags.values()];
  }

  isPaused(dagId: string): boolean {
    return this.paused.get(dagId) ?? false;
  }

  setPaused(dagId: string, paused: boolean): void {
    this.paused.set(dagId, paused);
    if (!paused) {
      // Runs triggered while paused start once the DAG is unpaused.
      const now = this.now();
      for (const run of this.runs) {
        // Backfill runs wait for their backfill instead (see backfills.ts).
        if (
          run.dagId === dagId &&
          run.startAt === null &&
          run.runType !== 'backfill'
        ) {
          run.startAt = now + Math.round((2 * SECOND) / run.speed);
        }
      }
    }
  }

  /** Forces the outcome of future triggered runs of a DAG (null = back to the seeded behaviour). */
  setOutcome(dagId: string, outcome: 'success' | 'failed' | null): void {
    if (outcome) this.outcomeOverride.set(dagId, outcome);
    else this.outcomeOverride.delete(dagId);
  }

  runsOf(dagId?: string): RunRecord[] {
    return dagId ? this.runs.filter(r => r.dagId === dagId) : this.runs;
  }

  findRun(dagId: string, runId: string): RunRecord | undefined {
    return this.runs.find(r => r.dagId === dagId && r.runId === runId);
  }

  /** A run's task instance by task id; undefined for an unknown run or task. */
  findTaskInstance(
    dagId: string,
    runId: string,
    taskId: string,
  ): TaskInstanceView | undefined {
    const run = this.findRun(dagId, runId);
    if (!run) return undefined;
    return this.taskInstances(run).find(ti => ti.task.taskId === taskId);
  }

  lastRun(dagId: string): RunRecord | undefined {
    let best: RunRecord | undefined;
    for (const r of this.runs) {
      if (r.dagId === dagId && (!best || r.runAfter > best.runAfter)) best = r;
    }
    return best;
  }

  viewRun(run: RunRecord) {
    const now = this.now();
    const view = viewRun(run, now);
    return run.intervention
      ? applyToRun(run, view, this.taskInstances(run), now)
      : view;
  }

  taskInstances(run: RunRecord): TaskInstanceView[] {
    const dag = this.dags.get(run.dagId)!;
    const now = this.now();
    return run.plans.map(plan =>
      applyToTask(viewTask(run, dag, plan, now), now),
    );
  }

  triggerCountsByDag(): Record<string, number> {
    return Object.fromEntries(this.triggerCounts);
  }

  trigger(dagId: string, input: TriggerInput): TriggerResult {
    const dag = this.dags.get(dagId);
    if (!dag) return { ok: false, reason: 'not_found' };
    const now = this.now();
    const runAfter = input.runAfter ?? input.logicalDate ?? now;
    const runId =
      input.runId ?? `manual__${runIdStamp(input.logicalDate ?? runAfter)}`;
    if (this.findRun(dagId, runId))
      return { ok: false, reason: 'duplicate_run_id', runId };
    if (
      input.logicalDate !== null &&
      this.runs.some(
        r => r.dagId === dagId && r.logicalDate === input.logicalDate,
      )
    ) {
      return { ok: false, reason: 'duplicate_logical_date', runId };
    }
    const count = (this.triggerCounts.get(dagId) ?? 0) + 1;
    this.triggerCounts.set(dagId, count);
    const prng = this.prng.fork(`${dagId}:trigger:${count}`);
    const outcome =
      input.outcome ??
      this.outcomeOverride.get(dagId) ??
      (prng.chance(dag.failureRate) ? 'failed' : 'success');
    const interval = intervalOf(dag.schedule);
    let dataIntervalStart = input.dataIntervalStart ?? null;
    let dataIntervalEnd = input.dataIntervalEnd ?? null;
    if (dataIntervalStart === null && input.logicalDate !== null) {
      // Airflow 2 infers the interval from the timetable; Airflow 3 uses logical_date for both.
      dataIntervalStart = input.logicalDate;
      dataIntervalEnd =
        this.flavor === 'airflow2' && interval
          ? input.logicalDate + interval
          : input.logicalDate;
    }
    const speed = this.runSpeed;
    const run: RunRecord = {
      id: this.nextRunId++,
      dagId,
      runId,
      runType: 'manual',
      triggeredBy: input.triggeredBy ?? 'rest_api',
      triggeringUser: input.user ?? null,
      logicalDate: input.logicalDate,
      dataIntervalStart,
      dataIntervalEnd,
      runAfter,
      queuedAt: now,
      conf: input.conf ?? {},
      note: input.note ?? null,
      externalTrigger: true,
      startAt: this.isPaused(dagId)
        ? null
        : now + Math.round((prng.int(1, 3) * SECOND) / speed),
      plans: planTasks(dag, outcome, prng, speed),
      outcome,
      speed,
    };
    this.runs.push(run);
    return { ok: true, run };
  }

  /** Past scheduled runs (mostly finished, a mix of outcomes) plus, for active DAGs, one still running. */
  private seedHistory(dag: DagDef): void {
    const prng = this.prng.fork(`history:${dag.dagId}`);
    const now = this.bootTime;
    const interval = intervalOf(dag.schedule);
    const step = interval ?? prng.int(6, 30) * 60 * MINUTE;
    const lastTick =
      tickAtOrBefore(dag.schedule, now) ?? now - prng.int(1, 5) * 60 * MINUTE;
    const activeNow = !this.isPaused(dag.dagId) && prng.chance(0.35);
    const pausedOffset = this.isPaused(dag.dagId) ? prng.int(3, 10) : 0;
    for (let i = dag.historyRuns - 1; i >= 0; i--) {
      const tick = lastTick - (i + pausedOffset) * step;
      const running = i === 0 && activeNow;
      const runPrng = prng.fork(`run:${i}`);
      const outcome = runPrng.chance(dag.failureRate) ? 'failed' : 'success';
      const plans = planTasks(dag, outcome, runPrng, 1);
      const draft = { plans, speed: 1 } as RunRecord;
      const length = runLengthMs(draft);
      // The running one started a fraction of its length ago; finished ones started at their tick.
      const startAt = running
        ? now - Math.round(length * (0.2 + runPrng.next() * 0.5))
        : Math.min(tick + runPrng.int(2, 20) * SECOND, now - length - SECOND);
      const scheduled = interval !== null;
      const af2 = this.flavor === 'airflow2';
      const logicalDate = scheduled && af2 ? tick - step : tick;
      this.runs.push({
        id: this.nextRunId++,
        dagId: dag.dagId,
        runId: `${scheduled ? 'scheduled' : 'manual'}__${runIdStamp(
          logicalDate,
        )}`,
        runType: scheduled ? 'scheduled' : 'manual',
        triggeredBy: scheduled ? 'timetable' : 'rest_api',
        triggeringUser: scheduled ? null : 'admin',
        logicalDate,
        // Airflow 2 data intervals end at the tick; Airflow 3 trigger timetables use the tick for both.
        dataIntervalStart: scheduled && af2 ? tick - step : logicalDate,
        dataIntervalEnd: scheduled && af2 ? tick : logicalDate,
        runAfter: tick,
        queuedAt: startAt - runPrng.int(1, 4) * SECOND,
        conf: {},
        note: null,
        externalTrigger: !scheduled,
        startAt,
        plans,
        outcome,
        speed: 1,
      });
    }
  }
}
