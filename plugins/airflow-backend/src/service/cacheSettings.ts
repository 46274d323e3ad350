import type { Config } from '@backstage/config';

/** Time-to-live of cached upstream answers, in seconds (0 disables caching). */
export interface CacheSettings {
  healthTtlSeconds: number;
  dagsTtlSeconds: number;
  runsTtlSeconds: number;
}

// Short by default: the portal shows live operations, the cache only absorbs bursts.
export const DEFAULT_CACHE_SETTINGS: Readonly<CacheSettings> = {
  healthTtlSeconds: 15,
  dagsTtlSeconds: 30,
  runsTtlSeconds: 10,
};

function readTtl(config: Config, key: keyof CacheSettings): number {
  const value = config.getOptionalNumber(`airflow.cache.${key}`);
  if (value === undefined) {
    return DEFAULT_CACHE_SETTINGS[key];
  }
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`airflow.cache.${key} must be a number ≥ 0`);
  }
  return value;
}

export function readCacheSettings(config: Config): CacheSettings {
  return {
    healthTtlSeconds: readTtl(config, 'healthTtlSeconds'),
    dagsTtlSeconds: readTtl(config, 'dagsTtlSeconds'),
    runsTtlSeconds: readTtl(config, 'runsTtlSeconds'),
  };
}
