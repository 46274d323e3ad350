import type { AirflowEnvironmentStatus } from '@airflow-portal/plugin-airflow-common';
import { recoveredSince, withReachability } from './statusFreshness';

const checkedAt = Date.UTC(2026, 0, 1, 12);
const healthy: AirflowEnvironmentStatus = {
  name: 'prod',
  title: 'Production',
  tags: [],
  production: true,
  transport: 'jwt',
  status: 'healthy',
  checkedAt: new Date(checkedAt).toISOString(),
};

describe('withReachability', () => {
  it('turns a cached healthy status into a stale unreachable one while the circuit is open', () => {
    const status = withReachability(healthy, {
      circuit: 'open',
      lastSuccessAt: checkedAt,
      unreachableSince: checkedAt + 5_000,
      lastFailure: 'could not reach the server (ECONNREFUSED)',
    });
    expect(status).toMatchObject({
      status: 'unreachable',
      stale: true,
      checkedAt: healthy.checkedAt,
      lastSuccessAt: new Date(checkedAt).toISOString(),
      unreachableSince: new Date(checkedAt + 5_000).toISOString(),
    });
    expect(status.error?.message).toContain('ECONNREFUSED');
  });

  it('keeps a status whose environment answers, adding when it last did', () => {
    expect(
      withReachability(healthy, {
        circuit: 'closed',
        lastSuccessAt: checkedAt,
      }),
    ).toEqual({ ...healthy, lastSuccessAt: new Date(checkedAt).toISOString() });
  });
});

describe('recoveredSince', () => {
  const unreachable = { ...healthy, status: 'unreachable' as const };

  it('is true for an unreachable status read before the environment answered again', () => {
    expect(
      recoveredSince(unreachable, {
        circuit: 'closed',
        lastSuccessAt: checkedAt + 1,
      }),
    ).toBe(true);
  });

  it('is false while the environment still fails or answered before the check', () => {
    expect(
      recoveredSince(unreachable, {
        circuit: 'open',
        lastSuccessAt: checkedAt + 1,
      }),
    ).toBe(false);
    expect(
      recoveredSince(unreachable, {
        circuit: 'closed',
        lastSuccessAt: checkedAt - 1,
      }),
    ).toBe(false);
    expect(
      recoveredSince(healthy, {
        circuit: 'closed',
        lastSuccessAt: checkedAt + 1,
      }),
    ).toBe(false);
  });
});
