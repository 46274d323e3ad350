import { TokenBucket } from './TokenBucket';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces calls at the rate', async () => {
    let now = 0;
    const waits: number[] = [];
    // Sleeping moves the test's clock: nothing here depends on real time.
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const bucket = new TokenBucket(8, 2, () => now, sleep);
    const grantedAt: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, () =>
        bucket.take().then(() => grantedAt.push(now)),
      ),
    );
    expect(grantedAt.slice(0, 2)).toEqual([0, 0]);
    // Never more than rate + burst (10) grants in any one second.
    for (const start of grantedAt) {
      expect(
        grantedAt.filter(t => t >= start && t < start + 1000).length,
      ).toBeLessThanOrEqual(10);
    }
    expect(waits.every(ms => ms <= 125)).toBe(true);
    expect(grantedAt[9]).toBe(1000);
  });

  it('rejects a waiter whose signal aborts, and serves the next one', async () => {
    let now = 0;
    const bucket = new TokenBucket(
      1,
      1,
      () => now,
      async (ms, signal) => {
        signal?.throwIfAborted();
        now += ms;
      },
    );
    await bucket.take();
    const controller = new AbortController();
    controller.abort();
    await expect(bucket.take(controller.signal)).rejects.toBeDefined();
    await expect(bucket.take()).resolves.toBeUndefined();
  });
});
