import { isSafeUpstreamPath } from './upstreamPathShape';

describe('isSafeUpstreamPath', () => {
  it.each([
    ['/dags/orders/dagRuns/manual%2F1', true],
    ['/dags/~/dagRuns/list', true],
    ['/dags/...', true],
    ['/dags/../logs/1', false],
    ['/dags/%2e%2E/logs/1', false],
    ['/dags/./details', false],
    ['/dags//details', false],
    ['dags/x', false],
    ['/dags/x?limit=1', false],
    ['/dags/x#f', false],
    ['/dags/x\r\nHost: evil', false],
    ['/dags/a\\b', false],
  ])('%j → %s', (path, safe) => {
    expect(isSafeUpstreamPath(path)).toBe(safe);
  });
});
