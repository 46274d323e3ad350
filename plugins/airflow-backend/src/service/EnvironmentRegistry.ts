import { NotFoundError } from '@backstage/errors';
import { createAdapterResolver } from '../api/createApiAdapter';
import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import type { EnvironmentConfig } from '../environments/types';
import type { AirflowTransport } from '../transport/types';

/** Builds the transport of one environment; tests inject fakes here. */
export type TransportFactory = (env: EnvironmentConfig) => AirflowTransport;

export interface EnvironmentConnection {
  config: EnvironmentConfig;
  transport: AirflowTransport;
  adapter(): Promise<AirflowApiAdapter>;
}

/**
 * The configured environments, each with one long-lived transport (it holds
 * tokens and the concurrency limit) and its API adapter, created on first use.
 */
export class EnvironmentRegistry {
  private readonly configs: Map<string, EnvironmentConfig>;
  private readonly connections = new Map<string, EnvironmentConnection>();

  constructor(
    environments: EnvironmentConfig[],
    private readonly transportFactory: TransportFactory,
  ) {
    this.configs = new Map(environments.map(env => [env.name, env]));
  }

  list(): EnvironmentConfig[] {
    return Array.from(this.configs.values());
  }

  has(name: string): boolean {
    return this.configs.has(name);
  }

  /** @throws NotFoundError for a name that is not configured. */
  get(name: string): EnvironmentConnection {
    const existing = this.connections.get(name);
    if (existing) {
      return existing;
    }
    const config = this.configs.get(name);
    if (!config) {
      throw new NotFoundError(`Unknown Airflow environment "${name}"`);
    }
    const transport = this.transportFactory(config);
    const connection = {
      config,
      transport,
      adapter: createAdapterResolver(config, transport),
    };
    this.connections.set(name, connection);
    return connection;
  }
}
