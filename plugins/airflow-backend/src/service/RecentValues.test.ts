import { RecentValues } from './RecentValues';

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('RecentValues', () => {
  it('answers from memory for the TTL, then loads again', async () => {
    const time = clock();
    const recent = new RecentValues(10, time.now);
    const load = jest.fn(async () => ['a', 'b']);

    const first = await recent.through('dags:prod:0:x', 30, load);
    const second = await recent.through('dags:prod:0:x', 30, load);
    expect(second).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);

    time.advance(29_999);
    await recent.through('dags:prod:0:x', 30, load);
    expect(load).toHaveBeenCalledTimes(1);

    time.advance(1);
    await recent.through('dags:prod:0:x', 30, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing when the TTL is zero', async () => {
    const recent = new RecentValues(10, clock().now);
    const load = jest.fn(async () => ['a']);
    await recent.through('k', 0, load);
    await recent.through('k', 0, load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(recent.size).toBe(0);
  });

  it('keeps a failed load out', async () => {
    const recent = new RecentValues(10, clock().now);
    await expect(
      recent.through('k', 30, async () => {
        throw new Error('Airflow answered 503');
      }),
    ).rejects.toThrow('503');
    expect(recent.size).toBe(0);
  });

  it('drops the least recently used entry beyond its bound', async () => {
    const recent = new RecentValues(2, clock().now);
    recent.set('one', [1], 30_000);
    recent.set('two', [2], 30_000);
    recent.get('one');
    recent.set('three', [3], 30_000);
    expect(recent.size).toBe(2);
    expect(recent.get('two')).toBeUndefined();
    expect(recent.get('one')).toEqual([1]);
    expect(recent.get('three')).toEqual([3]);
  });

  it('freezes kept lists, so that no caller can change what others read', () => {
    const recent = new RecentValues(2, clock().now);
    const list = [{ dagId: 'a' }];
    recent.set('k', list, 30_000);
    expect(Object.isFrozen(recent.get('k'))).toBe(true);
  });
});
