import { randomUUID } from 'node:crypto';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** The generation of an environment that no action has changed yet. */
const INITIAL_GENERATION = '0';
const DAY_SECONDS = 24 * 60 * 60;

/**
 * A generation per environment that is part of the cache keys of the reads an
 * action makes stale (DAG lists, latest runs, a DAG's runs and details).
 * Bumping it after an action makes all of them unreachable at once; the old
 * entries then expire by their TTL.
 *
 * Why not delete the keys: they hash request parameters (filters, pages,
 * batches of DAG ids), so the entries of one environment cannot be named, and
 * the cache service has no prefix delete. The generation is kept in the cache
 * service itself, so every backend instance sharing the cache sees the bump.
 */
export class CacheGenerations {
  private readonly lifetimeSeconds: number;

  /**
   * @param maxTtlSeconds the longest TTL of the entries keyed by generation:
   * a generation outlives them, so falling back to the initial one (when its
   * record expires) cannot revive an entry written before the first bump.
   */
  constructor(
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
    maxTtlSeconds: number,
  ) {
    this.lifetimeSeconds = Math.max(DAY_SECONDS, 2 * maxTtlSeconds);
  }

  async current(environment: string): Promise<string> {
    try {
      const value = await this.cache.get(keyOf(environment));
      return typeof value === 'string' ? value : INITIAL_GENERATION;
    } catch (error) {
      this.logger.warn(
        `Airflow cache generation of ${environment} could not be read: ${error}`,
      );
      return INITIAL_GENERATION;
    }
  }

  /** Never rejects: a failed bump only leaves reads stale until their TTL. */
  async bump(environment: string): Promise<void> {
    try {
      await this.cache.set(keyOf(environment), randomUUID(), {
        ttl: this.lifetimeSeconds * 1000,
      });
    } catch (error) {
      this.logger.warn(
        `Airflow cache generation of ${environment} could not be advanced; its reads stay cached until they expire: ${error}`,
      );
    }
  }
}

function keyOf(environment: string): string {
  return `generation:${environment}`;
}
