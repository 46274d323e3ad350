import type { AirflowApiAdapter } from '../api/AirflowApiAdapter';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import type { Environment } from '../environments/EnvironmentRegistry';
import { UpstreamError } from '../transport/errors';
import { currentCallerSignal } from '../transport/resilience/callerSignal';
import {
  loadEnvironmentStatus,
  SECONDARY_READS_BUDGET_MS,
} from './environmentStatus';

const TIMEOUT_MS = 10_000;

/** Answers `value` after `ms` of fake time; rejects as cancelled when its caller's signal aborts first. */
function answerAfter<T>(
  ms: number,
  value: T,
  cancelled: string[],
  name: string,
) {
  const signal = currentCallerSignal();
  return new Promise<T>((resolve, reject) => {
    let answered = false;
    const timer = setTimeout(() => {
      answered = true;
      resolve(value);
    }, ms);
    signal?.addEventListener('abort', () => {
      if (answered) return;
      clearTimeout(timer);
      cancelled.push(name);
      reject(
        new UpstreamError(`${name} was cancelled`, {
          environment: 'prod',
          kind: 'cancelled',
        }),
      );
    });
  });
}

/**
 * An environment whose health and version answer after `healthMs` (or fail),
 * and whose import-error and run counts answer after `countsMs`.
 */
function environment(options: {
  healthMs: number;
  healthFails?: boolean;
  countsMs: number;
}) {
  const cancelled: string[] = [];
  const config = testEnvironment('prod');
  config.limits = { ...config.limits, timeoutMs: TIMEOUT_MS };
  const adapter = {
    apiVersion: 'v2',
    getHealth: () =>
      options.healthFails
        ? new Promise((_, reject) =>
            setTimeout(
              () =>
                reject(
                  new UpstreamError('Airflow environment "prod" timed out', {
                    environment: 'prod',
                    kind: 'timeout',
                  }),
                ),
              options.healthMs,
            ),
          )
        : answerAfter(
            options.healthMs,
            { metadatabase: { status: 'healthy' } },
            cancelled,
            'health',
          ),
    getVersion: () =>
      answerAfter(options.healthMs, { version: '3.0.6' }, cancelled, 'version'),
    countImportErrors: () =>
      answerAfter(options.countsMs, 2, cancelled, 'importErrors'),
    countDagRuns: ({ state }: { state: string }) =>
      answerAfter(options.countsMs, 1, cancelled, `runs:${state}`),
  } as unknown as AirflowApiAdapter;
  const env = {
    name: 'prod',
    config,
    summary: {
      name: 'prod',
      title: 'PROD',
      tags: [],
      production: false,
      transport: 'jwt',
    },
    transport: {},
    adapter: async () => adapter,
  } as unknown as Environment;
  return { env, cancelled };
}

/** The fake time it takes `promise` to settle, advancing in steps of `stepMs`. */
async function fakeTimeToSettle(promise: Promise<unknown>, stepMs = 100) {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  let elapsed = 0;
  while (!settled && elapsed < 10 * TIMEOUT_MS) {
    await jest.advanceTimersByTimeAsync(stepMs);
    elapsed += stepMs;
  }
  return elapsed;
}

describe('loadEnvironmentStatus', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-01-01T12:00:00Z') });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('waits for counts that answer within their budget', async () => {
    const { env, cancelled } = environment({ healthMs: 100, countsMs: 500 });
    const loading = loadEnvironmentStatus(env);

    expect(await fakeTimeToSettle(loading)).toBe(500);
    const status = await loading;
    expect(status).toMatchObject({
      status: 'healthy',
      importErrorCount: 2,
      runCounts24h: { failed: 1, running: 1 },
    });
    expect(status.error).toBeUndefined();
    expect(cancelled).toEqual([]);
  });

  it('answers without the counts once their budget after the health probe is spent', async () => {
    const { env, cancelled } = environment({
      healthMs: 100,
      countsMs: TIMEOUT_MS,
    });
    const loading = loadEnvironmentStatus(env);

    expect(await fakeTimeToSettle(loading)).toBe(
      100 + SECONDARY_READS_BUDGET_MS,
    );
    const status = await loading;
    expect(status.status).toBe('healthy');
    expect(status.importErrorCount).toBeUndefined();
    expect(status.runCounts24h).toBeUndefined();
    expect(status.error?.message).toContain(
      `did not answer within ${SECONDARY_READS_BUDGET_MS} ms`,
    );
    // Cancelled rather than left running until their own deadline.
    expect(cancelled.sort()).toEqual([
      'importErrors',
      'runs:failed',
      'runs:running',
    ]);
  });

  it('does not wait for the counts of an environment whose health probe failed', async () => {
    const { env, cancelled } = environment({
      healthMs: 3_000,
      healthFails: true,
      countsMs: TIMEOUT_MS,
    });
    const loading = loadEnvironmentStatus(env);

    expect(await fakeTimeToSettle(loading)).toBe(3_000);
    const status = await loading;
    expect(status.status).toBe('unreachable');
    expect(status.error?.message).toBe('Airflow environment "prod" timed out');
    expect(cancelled.sort()).toEqual([
      'importErrors',
      'runs:failed',
      'runs:running',
    ]);
  });

  it('gives the counts at most half of a short timeout', async () => {
    const { env } = environment({ healthMs: 100, countsMs: TIMEOUT_MS });
    env.config.limits.timeoutMs = 1_000;
    const loading = loadEnvironmentStatus(env);

    expect(await fakeTimeToSettle(loading)).toBe(100 + 500);
  });
});
