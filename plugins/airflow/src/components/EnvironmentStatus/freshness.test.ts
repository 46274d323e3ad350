import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import { formatDateTime } from '../display/formatting';
import { freshnessText } from './freshness';

const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (secondsAgo: number) =>
  new Date(now - secondsAgo * 1000).toISOString();

const base: AirflowEnvironmentStatus = {
  name: 'prod',
  title: 'Production',
  tags: [],
  production: true,
  transport: 'jwt',
  status: 'healthy',
  checkedAt: at(5),
};

describe('freshnessText', () => {
  it('says only when a healthy environment was checked', () => {
    expect(freshnessText(base, now)).toBe('last checked 5 s ago');
  });

  it('says since when a failing environment is unreachable and that the rest is old', () => {
    const text = freshnessText(
      {
        ...base,
        status: 'unreachable',
        stale: true,
        checkedAt: at(40),
        unreachableSince: at(30),
        lastSuccessAt: at(45),
      },
      now,
    );
    expect(text).toBe(
      `last checked 40 s ago, unreachable since ${formatDateTime(
        at(30),
      )}, last answered 45 s ago, the details shown are the last known`,
    );
  });
});
