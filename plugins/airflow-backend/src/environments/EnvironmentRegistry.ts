import type { AirflowEnvironmentSummary } from '@airflow-portal/plugin-airflow-common';
import { NotFoundError } from '@backstage/errors';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import { createAdapterResolver } from '../api/createApiAdapter';
import type { EnvironmentConfig } from '../config/types';
import type { AirflowTransport } from '../transport/types';

/** Builds the transport of one environment; tests and benchmarks inject fakes here. */
export type TransportFactory = (config: EnvironmentConfig) => AirflowTransport;

/**
 * One configured environment, ready to be called: its long-lived transport
 * (tokens, concurrency limit) and its API adapter. With `apiVersion: auto`
 * the adapter's version is detected on first use, once, and remembered.
 */
export interface Environment {
  readonly name: string;
  /** Holds credentials: never send it to a client. */
  readonly config: EnvironmentConfig;
  /** What may be shown of the environment: no connection details, no credentials. */
  readonly summary: AirflowEnvironmentSummary;
  readonly transport: AirflowTransport;
  adapter(): Promise<AirflowApiAdapter>;
}

/**
 * The configured environments, built once at start-up and shared by the read
 * service and the operations, so each environment has exactly one transport
 * and one API version detection.
 */
export class EnvironmentRegistry {
  private readonly byName: ReadonlyMap<string, Environment>;

  constructor(
    configs: EnvironmentConfig[],
    transportFactory: TransportFactory,
  ) {
    this.byName = new Map(
      configs.map(config => {
        const transport = transportFactory(config);
        const environment: Environment = {
          name: config.name,
          config,
          summary: toEnvironmentSummary(config),
          transport,
          adapter: createAdapterResolver(config, transport),
        };
        return [config.name, environment];
      }),
    );
  }

  list(): Environment[] {
    return Array.from(this.byName.values());
  }

  /** The environment, or undefined for a name that is not configured. */
  find(name: string): Environment | undefined {
    return this.byName.get(name);
  }

  /** @throws NotFoundError for a name that is not configured. */
  get(name: string): Environment {
    const environment = this.byName.get(name);
    if (!environment) {
      throw new NotFoundError(`Unknown Airflow environment "${name}"`);
    }
    return environment;
  }
}

function toEnvironmentSummary(
  config: EnvironmentConfig,
): AirflowEnvironmentSummary {
  return {
    name: config.name,
    title: config.title,
    owner: config.owner,
    description: config.description,
    tags: config.tags,
    production: config.production,
    uiUrl: config.uiUrl,
    transport:
      config.connection.kind === 'mwaa' ? 'mwaa' : config.connection.auth.type,
    ...(config.connection.kind === 'mwaa' && config.connection.webLogin
      ? { webLogin: true }
      : {}),
  };
}
