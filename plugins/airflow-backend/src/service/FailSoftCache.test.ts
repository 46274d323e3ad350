import { mockServices } from '@backstage/backend-test-utils';
import type { CacheService } from '@backstage/backend-plugin-api';
import { FailSoftCache } from './FailSoftCache';
import { InMemoryCache } from './__testUtils__/InMemoryCache';

/** A store that can be switched to fail, or to never answer (a Redis client queueing commands while it reconnects). */
class FlakyStore implements CacheService {
  mode: 'up' | 'failing' | 'hanging' = 'up';
  calls = 0;
  constructor(private readonly inner = new InMemoryCache()) {}

  private gate<T>(work: () => Promise<T>): Promise<T> {
    this.calls += 1;
    if (this.mode === 'failing') {
      return Promise.reject(new Error('connect ECONNREFUSED'));
    }
    if (this.mode === 'hanging') return new Promise<T>(() => {});
    return work();
  }
  get: CacheService['get'] = key => this.gate(() => this.inner.get(key));
  set: CacheService['set'] = (key, value, options) =>
    this.gate(() => this.inner.set(key, value, options));
  delete: CacheService['delete'] = key =>
    this.gate(() => this.inner.delete(key));
  withOptions = () => this;
}

/** Whether `promise` settles within `ms` of fake time. */
async function settlesWithin<T>(promise: Promise<T>, ms: number) {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await jest.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('FailSoftCache', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T12:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  function setup() {
    const store = new FlakyStore();
    const logger = mockServices.logger.mock();
    const cache = FailSoftCache.wrap(store, logger, {
      callTimeoutMs: 500,
      retryAfterMs: 5_000,
    });
    return { store, logger, cache };
  }

  it('passes calls through while the store answers', async () => {
    const { cache, logger } = setup();
    await cache.set('k', { a: 1 });
    expect(await cache.get('k')).toEqual({ a: 1 });
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('turns a failing store into misses and skipped writes, logged once', async () => {
    const { cache, store, logger } = setup();
    await cache.set('k', 'v');
    store.mode = 'failing';

    expect(await cache.get('k')).toBeUndefined();
    await expect(cache.set('k', 'w')).resolves.toBeUndefined();
    expect(await cache.get('k')).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(String(logger.warn.mock.calls[0][0])).toContain('ECONNREFUSED');
  });

  it('does not wait for a store that does not answer', async () => {
    const { cache, store } = setup();
    store.mode = 'hanging';

    const read = cache.get('k');
    expect(await settlesWithin(read, 500)).toBe(true);
    expect(await read).toBeUndefined();
  });

  it('leaves a failed store alone for a while, then uses it again once it answers', async () => {
    const { cache, store, logger } = setup();
    await cache.set('k', 'v');
    store.mode = 'failing';
    expect(await cache.get('k')).toBeUndefined();
    const callsAtFailure = store.calls;

    // Within the pause nothing reaches the store, so nothing waits for it.
    await jest.advanceTimersByTimeAsync(4_000);
    expect(await cache.get('k')).toBeUndefined();
    expect(store.calls).toBe(callsAtFailure);

    store.mode = 'up';
    await jest.advanceTimersByTimeAsync(1_000);
    expect(await cache.get('k')).toBe('v');
    expect(logger.info).toHaveBeenCalledWith(
      'Airflow cache store answers again',
    );
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('shares one state with the caches derived by withOptions', async () => {
    const { cache, store, logger } = setup();
    const derived = cache.withOptions({ defaultTtl: 1_000 });
    store.mode = 'failing';
    expect(await cache.get('k')).toBeUndefined();
    const callsAtFailure = store.calls;

    expect(await derived.get('k')).toBeUndefined();
    expect(store.calls).toBe(callsAtFailure);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});
