import { pathSegment, upstreamPath } from './upstreamPath';

describe('upstreamPath', () => {
  it('encodes every value as one segment', () => {
    expect(
      upstreamPath`/dags/${'orders.v2'}/dagRuns/${'manual/1?x#y'}/logs/${3}`,
    ).toBe('/dags/orders.v2/dagRuns/manual%2F1%3Fx%23y/logs/3');
    expect(pathSegment('%2e%2e')).toBe('%252e%252e');
  });

  it.each(['.', '..', ''])('refuses %j as a segment', id => {
    expect(() => upstreamPath`/dags/${id}/details`).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s as a number', n => {
    expect(() => upstreamPath`/logs/${n}`).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });
});
