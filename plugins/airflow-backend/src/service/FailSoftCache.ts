import type {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
  LoggerService,
} from '@backstage/backend-plugin-api';

type JsonValue = Parameters<CacheService['set']>[1];

export interface FailSoftCacheOptions {
  /** How long one call to the store may take before it counts as a miss. */
  callTimeoutMs?: number;
  /** After a failure, how long the store is left alone before it is tried again. */
  retryAfterMs?: number;
}

const DEFAULTS: Required<FailSoftCacheOptions> = {
  callTimeoutMs: 500,
  retryAfterMs: 5_000,
};

class CacheCallTimedOut extends Error {
  name = 'CacheCallTimedOut';
}

/** Shared by a cache and the ones `withOptions` derives from it: one outage, one log line. */
class StoreHealth {
  private downUntil: number | undefined;

  constructor(
    private readonly logger: LoggerService,
    readonly options: Required<FailSoftCacheOptions>,
  ) {}

  /** False while the store is left alone after a failure. */
  shouldTry(): boolean {
    return this.downUntil === undefined || Date.now() >= this.downUntil;
  }

  failed(error: unknown) {
    if (this.downUntil === undefined) {
      this.logger.warn(
        `Airflow cache store is failing (${error}); reads go to Airflow directly until it answers again`,
      );
    }
    this.downUntil = Date.now() + this.options.retryAfterMs;
  }

  answered() {
    if (this.downUntil !== undefined) {
      this.downUntil = undefined;
      this.logger.info('Airflow cache store answers again');
    }
  }
}

/**
 * The cache service as the read path uses it: the cache only ever makes reads
 * faster, never fails or stalls them. A store that errors or does not answer
 * within `callTimeoutMs` (a Redis that went away: its client queues commands
 * until it reconnects) is a miss, and a write that fails is skipped. After a
 * failure the store is left alone for `retryAfterMs`, so that an outage costs
 * each request nothing, and tried again after that; the outage and the
 * recovery are logged once each.
 */
export class FailSoftCache implements CacheService {
  static wrap(
    store: CacheService,
    logger: LoggerService,
    options: FailSoftCacheOptions = {},
  ): FailSoftCache {
    return new FailSoftCache(
      store,
      new StoreHealth(logger, { ...DEFAULTS, ...options }),
    );
  }

  private constructor(
    private readonly store: CacheService,
    private readonly health: StoreHealth,
  ) {}

  async get<TValue extends JsonValue>(
    key: string,
  ): Promise<TValue | undefined> {
    return this.call(() => this.store.get<TValue>(key), undefined);
  }

  async set(
    key: string,
    value: JsonValue,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    await this.call(() => this.store.set(key, value, options), undefined);
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.store.delete(key), undefined);
  }

  withOptions(options: CacheServiceOptions): CacheService {
    return new FailSoftCache(this.store.withOptions(options), this.health);
  }

  private async call<T>(work: () => Promise<T>, miss: T): Promise<T> {
    if (!this.health.shouldTry()) return miss;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new CacheCallTimedOut(
              `no answer within ${this.health.options.callTimeoutMs} ms`,
            ),
          ),
        this.health.options.callTimeoutMs,
      );
    });
    const attempt = work();
    // A call given up on may still fail later: nobody is waiting for it then.
    attempt.catch(() => {});
    try {
      const value = await Promise.race([attempt, timedOut]);
      this.health.answered();
      return value;
    } catch (error) {
      this.health.failed(error);
      return miss;
    } finally {
      clearTimeout(timer);
    }
  }
}
