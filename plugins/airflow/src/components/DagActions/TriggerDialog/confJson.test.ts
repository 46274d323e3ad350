import { parseConf } from './confJson';

describe('parseConf', () => {
  it('accepts objects and empty text, refuses the rest and oversized conf', () => {
    expect(parseConf('')).toEqual({ conf: {} });
    expect(parseConf('{"a": 1}')).toEqual({ conf: { a: 1 } });
    expect(parseConf('"text"').error).toMatch(/must be a JSON object/);
    expect(parseConf('null').error).toMatch(/must be a JSON object/);
    expect(parseConf('{').error).toMatch(/^Invalid JSON/);
    const big = JSON.stringify({ blob: 'é'.repeat(33_000) });
    expect(parseConf(big).error).toMatch(/at most 64 KiB/);
  });
});
