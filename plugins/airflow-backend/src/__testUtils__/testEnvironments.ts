import { DEFAULT_UPSTREAM_LIMITS } from '../config/schema';
import type { EnvironmentConfig } from '../config/types';

export function testEnvironment(name: string): EnvironmentConfig {
  return {
    name,
    title: name.toUpperCase(),
    tags: [],
    production: false,
    dagOwners: { template: 'group:default/{owner}', owners: {} },
    uiUrl: `https://${name}.airflow.example.com`,
    apiVersion: 'v2',
    connection: {
      kind: 'direct',
      baseUrl: `https://${name}.airflow.example.com`,
      auth: { type: 'jwt', username: 'portal', password: 'secret' },
    },
    limits: { ...DEFAULT_UPSTREAM_LIMITS, readRetries: 0 },
  };
}

/** `count` DAGs named `${prefix}_000…` tagged `tag`, each with `runs` runs. */
export function fakeDags(count: number, prefix: string, tag: string, runs = 3) {
  return Array.from({ length: count }, (_, i) => ({
    dagId: `${prefix}_${String(i).padStart(3, '0')}`,
    tags: [tag],
    runs,
  }));
}
