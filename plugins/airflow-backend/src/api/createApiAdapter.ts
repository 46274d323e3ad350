import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';
import type { EnvironmentConfig } from '../config/types';
import type { AirflowTransport } from '../transport/types';
import type { AirflowApiAdapter } from './AirflowApiAdapter';
import { V1Adapter } from './V1Adapter';
import { V2Adapter } from './V2Adapter';

export function createApiAdapter(
  apiVersion: AirflowApiVersion,
  transport: AirflowTransport,
  env: Pick<EnvironmentConfig, 'name' | 'uiUrl'>,
): AirflowApiAdapter {
  const context = { environment: env.name, uiUrl: env.uiUrl };
  return apiVersion === 'v2'
    ? new V2Adapter(transport, context)
    : new V1Adapter(transport, context);
}

/**
 * Returns the environment's adapter. With `apiVersion: auto` the version is
 * detected on first use, once even under concurrent callers, and remembered;
 * a failed detection is not remembered so the next call tries again.
 */
export function createAdapterResolver(
  env: Pick<EnvironmentConfig, 'name' | 'uiUrl' | 'apiVersion'>,
  transport: AirflowTransport,
): () => Promise<AirflowApiAdapter> {
  if (env.apiVersion !== 'auto') {
    const adapter = createApiAdapter(env.apiVersion, transport, env);
    return () => Promise.resolve(adapter);
  }
  let pending: Promise<AirflowApiAdapter> | undefined;
  return () => {
    if (!pending) {
      pending = transport
        .detectApiVersion()
        .then(version => createApiAdapter(version, transport, env));
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
}
