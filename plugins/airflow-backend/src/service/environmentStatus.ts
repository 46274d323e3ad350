import type {
  AirflowEnvironmentStatus,
  AirflowHealth,
  EnvironmentOverallStatus,
} from '@airflow-portal/plugin-airflow-common';
import { toEnvironmentSummary } from '../environments/types';
import type { EnvironmentConnection } from './EnvironmentRegistry';
import { toErrorInfo } from './toErrorInfo';

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

function settledValue<T>(result: PromiseSettledResult<T>): T | undefined {
  return result.status === 'fulfilled' ? result.value : undefined;
}

function settledError(result: PromiseSettledResult<unknown>): unknown {
  return result.status === 'rejected' ? result.reason : undefined;
}

/**
 * Health, version, import-error count and (MWAA) GetEnvironment of one
 * environment, concurrently. Health decides reachability; the other parts
 * failing only leave their fields empty and set `error`.
 */
export async function loadEnvironmentStatus(
  connection: EnvironmentConnection,
): Promise<AirflowEnvironmentStatus> {
  const summary = toEnvironmentSummary(connection.config);
  const mwaaCall = connection.transport.describeMwaaEnvironment
    ? connection.transport.describeMwaaEnvironment()
    : Promise.resolve(undefined);

  const [adapterResult, mwaaResult] = await Promise.allSettled([
    connection.adapter(),
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
  const [health, version, importErrors] = await Promise.allSettled([
    adapter.getHealth(),
    adapter.getVersion(),
    adapter.countImportErrors(),
  ]);
  const base = {
    ...summary,
    apiVersion: adapter.apiVersion,
    version: settledValue(version)?.version,
    importErrorCount: settledValue(importErrors),
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
    settledError(mwaaResult);
  return {
    ...base,
    status: overallStatus(health.value, mwaa?.status),
    health: health.value,
    ...(partialFailure ? { error: toErrorInfo(partialFailure) } : {}),
  };
}
