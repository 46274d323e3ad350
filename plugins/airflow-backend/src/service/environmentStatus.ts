import type {
  AirflowEnvironmentStatus,
  AirflowHealth,
  EnvironmentOverallStatus,
} from '@airflow-portal/plugin-airflow-common';
import type { Environment } from '../environments/EnvironmentRegistry';
import { toErrorInfo } from '../transport/errors';

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

function settledValue<T>(result: PromiseSettledResult<T>): T | undefined {
  return result.status === 'fulfilled' ? result.value : undefined;
}

function settledError(result: PromiseSettledResult<unknown>): unknown {
  return result.status === 'rejected' ? result.reason : undefined;
}

/**
 * Health, version, import-error count, run counts and (MWAA) GetEnvironment
 * of one environment, concurrently. Health decides reachability; the other
 * parts failing only leave their fields empty and set `error`.
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
  const since = new Date(Date.now() - DAY_MS).toISOString();
  const [health, version, importErrors, failedRuns, runningRuns] =
    await Promise.allSettled([
      adapter.getHealth(),
      adapter.getVersion(),
      adapter.countImportErrors(),
      adapter.countDagRuns({ state: 'failed', endDateGte: since }),
      adapter.countDagRuns({ state: 'running' }),
    ]);
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
