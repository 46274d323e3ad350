import { mockCredentials } from '@backstage/backend-test-utils';
import { CallerMemo, KeptPromises } from './CallerMemo';

function clock() {
  let now = 1_000_000;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Kept 5 s, loaded again in the background after 2.5 s. */
const refreshing = (now: () => number) =>
  new KeptPromises<number>({
    ttlMs: 5_000,
    refreshAfterMs: 2_500,
    maxEntries: 10,
    now,
  });

describe('KeptPromises', () => {
  it('joins concurrent loads and keeps the answer for its TTL', async () => {
    const { now, advance } = clock();
    const kept = new KeptPromises<number>({
      ttlMs: 5_000,
      maxEntries: 10,
      now,
    });
    const load = jest.fn(async () => 1);

    await Promise.all([kept.get('a', load), kept.get('a', load)]);
    advance(4_999);
    await kept.get('a', load);
    expect(load).toHaveBeenCalledTimes(1);

    advance(1);
    await kept.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps no failed load', async () => {
    const kept = new KeptPromises<number>({ ttlMs: 5_000, maxEntries: 10 });
    const load = jest
      .fn<Promise<number>, []>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(2);

    await expect(kept.get('a', load)).rejects.toThrow('down');
    expect(await kept.get('a', load)).toBe(2);
  });

  it('with refreshAfterMs, gives the kept answer and loads again in the background, once', async () => {
    const { now, advance } = clock();
    const kept = refreshing(now);
    let next = 1;
    const load = jest.fn(async () => next++);

    expect(await kept.get('a', load)).toBe(1);
    advance(2_499);
    expect(await kept.get('a', load)).toBe(1);
    expect(load).toHaveBeenCalledTimes(1);

    advance(1);
    const [first, second] = await Promise.all([
      kept.get('a', load),
      kept.get('a', load),
    ]);
    expect([first, second]).toEqual([1, 1]);
    expect(load).toHaveBeenCalledTimes(2);
    // Once in, the new answer is given, fresh from when its load started.
    expect(await kept.get('a', load)).toBe(2);
    advance(4_999);
    expect(await kept.get('a', load)).toBe(2);
  });

  it('never gives an answer past its TTL, even while a reload fails', async () => {
    const { now, advance } = clock();
    const kept = refreshing(now);
    const load = jest
      .fn<Promise<number>, []>()
      .mockResolvedValueOnce(1)
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValue(3);

    await kept.get('a', load);
    advance(3_000);
    expect(await kept.get('a', load)).toBe(1);
    await Promise.resolve();
    advance(2_000);
    expect(await kept.get('a', load)).toBe(3);
  });

  it('starts no reload while the first load is still running', async () => {
    const { now, advance } = clock();
    const kept = refreshing(now);
    let answer: (value: number) => void = () => {};
    const load = jest.fn(
      () =>
        new Promise<number>(resolve => {
          answer = resolve;
        }),
    );

    const first = kept.get('a', load);
    advance(3_000);
    const second = kept.get('a', load);
    answer(1);

    expect([await first, await second]).toEqual([1, 1]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const kept = new KeptPromises<string>({ ttlMs: 5_000, maxEntries: 2 });
    for (const key of ['a', 'b', 'c']) await kept.get(key, async () => key);
    expect(kept.size).toBe(2);
    expect(kept.has('a')).toBe(false);
    expect(kept.has('c')).toBe(true);
  });
});

describe('CallerMemo', () => {
  it('keeps answers per token, never for another caller', async () => {
    const memo = new CallerMemo<string>({ ttlMs: 5_000, maxEntries: 10 });
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');

    expect(await memo.get(alice, 'k', async () => 'for alice')).toBe(
      'for alice',
    );
    expect(await memo.get(bob, 'k', async () => 'for bob')).toBe('for bob');
    expect(await memo.get(alice, 'k', async () => 'again')).toBe('for alice');
    expect(memo.has(alice, 'k')).toBe(true);
  });

  it('keeps nothing for a caller without a user token', async () => {
    const memo = new CallerMemo<string>({ ttlMs: 5_000, maxEntries: 10 });
    const service = mockCredentials.service();
    const load = jest.fn(async () => 'x');

    await memo.get(service, 'k', load);
    await memo.get(service, 'k', load);

    expect(load).toHaveBeenCalledTimes(2);
    expect(memo.keepsFor(service)).toBe(false);
  });
});
