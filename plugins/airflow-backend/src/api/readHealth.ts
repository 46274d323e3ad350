import type {
  AirflowHealth,
  ComponentHealth,
} from '@airflow-portal/plugin-airflow-common';
import { isObject, optString, readObject } from './readers';

/*
 * v1 `HealthInfo` and v2 `HealthInfoResponse` share one shape:
 * {metadatabase: {status}, scheduler: {status, latest_scheduler_heartbeat},
 *  triggerer: {…}, dag_processor?: {…} | null}. A null status (component never
 * ran) reads as `unknown`.
 */
function component(value: unknown, heartbeatKey?: string): ComponentHealth {
  if (!isObject(value)) {
    return { status: 'unknown' };
  }
  const status =
    value.status === 'healthy' || value.status === 'unhealthy'
      ? value.status
      : 'unknown';
  const latestHeartbeat = heartbeatKey
    ? optString(value[heartbeatKey])
    : undefined;
  return latestHeartbeat ? { status, latestHeartbeat } : { status };
}

export function readHealth(body: unknown, environment: string): AirflowHealth {
  const health = readObject(body, environment);
  const result: AirflowHealth = {
    metadatabase: component(health.metadatabase),
    scheduler: component(health.scheduler, 'latest_scheduler_heartbeat'),
    triggerer: component(health.triggerer, 'latest_triggerer_heartbeat'),
  };
  if (isObject(health.dag_processor)) {
    result.dagProcessor = component(
      health.dag_processor,
      'latest_dag_processor_heartbeat',
    );
  }
  return result;
}
