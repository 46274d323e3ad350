import { Handler } from '../http/types';
import { AirflowStore, HealthComponent } from '../state/store';
import { isoV1 } from '../util/time';
import { SimEnv } from './env';

/*
 * What an Airflow answers without authentication, the same in both API
 * versions: health (`/api/v1/health`, `/api/v2/monitor/health`) and version.
 */

/** Heartbeats advance with the clock (every 5 s); an unhealthy component's heartbeat goes stale. */
export function healthInfo(store: AirflowStore) {
  const now = store.now();
  const beat = (c: HealthComponent, staleMs: number) =>
    store.unhealthy.has(c)
      ? isoV1(now - staleMs - (now % 5000))
      : isoV1(now - (now % 5000));
  const status = (c: HealthComponent) =>
    store.unhealthy.has(c) ? 'unhealthy' : 'healthy';
  return {
    metadatabase: { status: status('metadatabase') },
    scheduler: {
      status: status('scheduler'),
      latest_scheduler_heartbeat: beat('scheduler', 300_000),
    },
    triggerer: {
      status: status('triggerer'),
      latest_triggerer_heartbeat: beat('triggerer', 300_000),
    },
    dag_processor: {
      status: status('dag_processor'),
      latest_dag_processor_heartbeat: beat('dag_processor', 300_000),
    },
  };
}

export const getHealth =
  (env: SimEnv): Handler =>
  () => ({ status: 200, body: healthInfo(env.store) });

export const getVersion =
  (env: SimEnv): Handler =>
  () => ({
    status: 200,
    body: { version: env.settings.version, git_version: null },
  });
