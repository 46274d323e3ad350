import { createHash } from 'node:crypto';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { SingleFlight } from './SingleFlight';

type CacheValue = Parameters<CacheService['set']>[1];

/**
 * Read-through cache in front of upstream calls. Identical concurrent loads are
 * coalesced before the cache is even consulted, so N cold viewers of the same
 * data cost one upstream call. Values must be JSON-able (the model types are).
 * A failing cache store degrades to direct loads instead of failing requests.
 */
export class CachedLoader {
  private readonly flights = new SingleFlight();

  constructor(
    private readonly cache: CacheService,
    private readonly logger: LoggerService,
  ) {}

  load<T>(
    key: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
  ): Promise<T> {
    return this.flights.run(key, async () => {
      const cached = await this.read<T>(key);
      if (cached !== undefined) {
        return cached;
      }
      const value = await loader();
      if (ttlSeconds > 0) {
        await this.write(key, value, ttlSeconds);
      }
      return value;
    });
  }

  /** Loads afresh (coalesced) and replaces the cached value. */
  reload<T>(
    key: string,
    ttlSeconds: number,
    loader: () => Promise<T>,
  ): Promise<T> {
    return this.flights.run(`reload:${key}`, async () => {
      const value = await loader();
      if (ttlSeconds > 0) {
        await this.write(key, value, ttlSeconds);
      }
      return value;
    });
  }

  /** Joins identical in-flight calls without caching the result. */
  coalesce<T>(key: string, loader: () => Promise<T>): Promise<T> {
    return this.flights.run(`live:${key}`, loader);
  }

  /** A cached value, if any, without loading. */
  peek<T>(key: string): Promise<T | undefined> {
    return this.read<T>(key);
  }

  store(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    return this.write(key, value, ttlSeconds);
  }

  private async read<T>(key: string): Promise<T | undefined> {
    try {
      return (await this.cache.get(key)) as T | undefined;
    } catch (error) {
      this.logger.warn(`Airflow cache read failed for ${key}: ${error}`);
      return undefined;
    }
  }

  private async write(key: string, value: unknown, ttlSeconds: number) {
    try {
      await this.cache.set(key, value as CacheValue, {
        ttl: ttlSeconds * 1000,
      });
    } catch (error) {
      this.logger.warn(`Airflow cache write failed for ${key}: ${error}`);
    }
  }
}

/** A short, stable cache key part for arbitrary request parameters. */
export function keyOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value))
    .digest('base64url')
    .slice(0, 22);
}
