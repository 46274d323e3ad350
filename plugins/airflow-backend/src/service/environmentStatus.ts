import type {
  AirflowEnvironmentStatus,
  AirflowHealth,
  EnvironmentOverallStatus,
} from '@airflow-portal/plugin-airflow-common';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type { Environment } from '../environments/EnvironmentRegistry';
import { toErrorInfo, UpstreamError } from '../transport/errors';
import {
  currentCallerSignal,
  withCallerSignal,
} from '../transport/resilience/callerSignal';

function overallStatus(
  health: AirflowHealth,
  mwaaStatus: string | undefined,
): EnvironmentOverallStatus {
  const components = [
    health.metadatabase,
    health.scheduler,
    health.triggerer,
    health.dagProcessor,
  ];
  if (components.some(c => c?.status === 'unhealthy')) {
    return 'degraded';
  }
  // MWAA answering but e.g. UPDATING or UNHEALTHY: Airflow may be about to go away.
  if (mwaaStatus && mwaaStatus !== 'AVAILABLE') {
    return 'degraded';
  }
  return 'healthy';
}

const DAY_MS = 24 * 60 * 60 * 1000;

function settledValue<T>(
  result: PromiseSettledResult<T> | undefined,
): T | undefined {
  return result?.status === 'fulfilled' ? result.value : undefined;
}

function settledError(
  result: PromiseSettledResult<unknown> | undefined,
): unknown {
  return result?.status === 'rejected' ? result.reason : undefined;
}

/**
 * How long the secondary reads (import-error count, run counts) may still take
 * once health and version have answered, at most half the environment's
 * timeout: a status is mostly read for whether the environment is up, and an
 * Airflow whose health answers but whose lists hang must not hold the overview
 * for a whole deadline.
 */
export const SECONDARY_READS_BUDGET_MS = 2_000;

function secondaryBudgetMs(environment: Environment): number {
  return Math.min(
    SECONDARY_READS_BUDGET_MS,
    Math.ceil(environment.config.limits.timeoutMs / 2),
  );
}

/** Resolves with true after `ms`, or with false as soon as `until` settles. */
function timesOut(ms: number, until: Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    new Promise<boolean>(resolve => {
      timer = setTimeout(() => resolve(true), ms);
    }),
    until.then(() => false),
  ]).finally(() => clearTimeout(timer));
}

type Settled<T> = PromiseSettledResult<T> | undefined;

/**
 * The secondary reads of a status, under a signal of their own; each one's
 * outcome is kept as soon as it settles, so that a status can be built from
 * those that answered without waiting for the others.
 */
function startSecondaryReads(adapter: AirflowApiAdapter, signal: AbortSignal) {
  const caller = currentCallerSignal();
  const combined = caller ? AbortSignal.any([caller, signal]) : signal;
  const since = new Date(Date.now() - DAY_MS).toISOString();
  const outcomes: {
    importErrors?: Settled<number>;
    failedRuns?: Settled<number>;
    runningRuns?: Settled<number>;
  } = {};
  const track = (
    name: keyof typeof outcomes,
    read: () => Promise<number>,
  ): Promise<unknown> =>
    withCallerSignal(combined, read).then(
      value => (outcomes[name] = { status: 'fulfilled', value }),
      reason => (outcomes[name] = { status: 'rejected', reason }),
    );
  const all = Promise.all([
    track('importErrors', () => adapter.countImportErrors()),
    track('failedRuns', () =>
      adapter.countDagRuns({ state: 'failed', endDateGte: since }),
    ),
    track('runningRuns', () => adapter.countDagRuns({ state: 'running' })),
  ]);
  return { outcomes, all };
}

/**
 * Health, version, import-error count, run counts and (MWAA) GetEnvironment
 * of one environment, concurrently. Health decides reachability; the other
 * parts failing only leave their fields empty and set `error`.
 *
 * The secondary reads (import errors, run counts) never make a status slower
 * than its health probe by more than their budget: when health fails they
 * are cancelled at once (the environment is unreachable, their answers would
 * not be shown), and when it answers they get `SECONDARY_READS_BUDGET_MS`
 * more; whatever has not answered by then is cancelled and left empty.
 * Cancelled calls do not count as failures of the environment.
 */
export async function loadEnvironmentStatus(
  environment: Environment,
): Promise<AirflowEnvironmentStatus> {
  const { summary } = environment;
  const mwaaCall = environment.transport.describeMwaaEnvironment
    ? environment.transport.describeMwaaEnvironment()
    : Promise.resolve(undefined);

  const [adapterResult, mwaaResult] = await Promise.allSettled([
    environment.adapter(),
    mwaaCall,
  ]);
  const mwaa = settledValue(mwaaResult);
  if (adapterResult.status === 'rejected') {
    return {
      ...summary,
      status: 'unreachable',
      mwaa,
      error: toErrorInfo(adapterResult.reason),
      checkedAt: new Date().toISOString(),
    };
  }

  const adapter = adapterResult.value;
  const cancelSecondary = new AbortController();
  const secondary = startSecondaryReads(adapter, cancelSecondary.signal);
  const [health, version] = await Promise.allSettled([
    adapter.getHealth(),
    adapter.getVersion(),
  ]);
  const budget = secondaryBudgetMs(environment);
  const overBudget =
    health.status === 'fulfilled' && (await timesOut(budget, secondary.all));
  // Unreachable, or over budget: what has not answered is not waited for.
  // Otherwise all have settled, and an abort would only cost an exception.
  if (health.status === 'rejected' || overBudget) {
    cancelSecondary.abort();
  }
  const { importErrors, failedRuns, runningRuns } = secondary.outcomes;
  const slowReads = overBudget
    ? new UpstreamError(
        `Airflow environment "${environment.name}": the import-error and run counts did not answer within ${budget} ms; the status is shown without them`,
        { environment: environment.name, kind: 'timeout' },
      )
    : undefined;

  const failed = settledValue(failedRuns);
  const running = settledValue(runningRuns);
  const base = {
    ...summary,
    apiVersion: adapter.apiVersion,
    version: settledValue(version)?.version,
    importErrorCount: settledValue(importErrors),
    ...(failed !== undefined && running !== undefined
      ? { runCounts24h: { failed, running } }
      : {}),
    mwaa,
    checkedAt: new Date().toISOString(),
  };
  if (health.status === 'rejected') {
    return {
      ...base,
      status: 'unreachable',
      error: toErrorInfo(health.reason),
    };
  }
  const partialFailure =
    settledError(version) ??
    slowReads ??
    settledError(importErrors) ??
    settledError(mwaaResult) ??
    settledError(failedRuns) ??
    settledError(runningRuns);
  return {
    ...base,
    status: overallStatus(health.value, mwaa?.status),
    health: health.value,
    ...(partialFailure ? { error: toErrorInfo(partialFailure) } : {}),
  };
}
