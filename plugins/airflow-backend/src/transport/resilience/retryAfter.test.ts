import { parseRetryAfter } from './retryAfter';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 0, 1, 12);

  it.each<[string | null, number | undefined]>([
    ['1', 1],
    [' 30 ', 30],
    ['0', 0],
    ['100000', 300],
    [new Date(now + 5_500).toUTCString(), 5],
    [new Date(now - 5_000).toUTCString(), 0],
    ['soon', undefined],
    ['-1', undefined],
    [null, undefined],
  ])('reads %p as %p seconds', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
