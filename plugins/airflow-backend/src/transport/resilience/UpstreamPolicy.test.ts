import { DEFAULT_UPSTREAM_LIMITS } from '../../config/schema';
import type { UpstreamLimits } from '../../config/types';
import {
  httpFailure,
  networkFailure,
  UpstreamError,
  type UpstreamFailureKind,
} from '../errors';
import { testLogger } from '../__testUtils__/testUtils';
import { type CircuitOptions, UpstreamPolicy } from './UpstreamPolicy';

const ctx = { environment: 'prod', operation: 'GET /dags' };
const read = { operation: 'GET /dags', idempotent: true };
const write = { operation: 'POST /dags/d/dagRuns', idempotent: false };

function policyWith(
  limits: Partial<UpstreamLimits> = {},
  extra: { circuit?: CircuitOptions; probe?: () => Promise<unknown> } = {},
) {
  return new UpstreamPolicy({
    environment: 'prod',
    limits: { ...DEFAULT_UPSTREAM_LIMITS, timeoutMs: 1_000, ...limits },
    logger: testLogger(),
    backoff: { baseDelayMs: 1, maxDelayMs: 2 },
    ...extra,
  });
}

/** An attempt that never answers until its signal aborts (a hung Airflow). */
const hangs = (signal: AbortSignal) =>
  new Promise<never>((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason), {
      once: true,
    }),
  );

async function kindOf(promise: Promise<unknown>): Promise<UpstreamFailureKind> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return (error as UpstreamError).details.kind;
}

afterEach(() => {
  jest.useRealTimers();
});

describe('UpstreamPolicy', () => {
  it('lets writes and health checks through while every read slot hangs', async () => {
    const policy = policyWith({ maxConcurrency: 1, maxQueued: 10 });
    const controller = new AbortController();
    const hungRead = policy.run({ ...read, signal: controller.signal }, hangs);
    const queuedRead = policy.run(
      { ...read, signal: controller.signal },
      async () => 'read',
    );

    await expect(policy.run(write, async () => 'triggered')).resolves.toBe(
      'triggered',
    );
    await expect(
      policy.run({ ...read, lane: 'health' }, async () => 'healthy'),
    ).resolves.toBe('healthy');

    controller.abort();
    expect(await kindOf(hungRead)).toBe('cancelled');
    expect(await kindOf(queuedRead)).toBe('cancelled');
  });

  it('refuses a call at once when the lane queue is full, with a Retry-After', async () => {
    const policy = policyWith({ maxConcurrency: 1, maxQueued: 1 });
    const controller = new AbortController();
    const signal = controller.signal;
    const running = policy.run({ ...read, signal }, hangs);
    const queued = policy.run({ ...read, signal }, hangs);
    let sent = false;
    const refused = await policy
      .run(read, async () => {
        sent = true;
      })
      .catch((e: UpstreamError) => e);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect((refused as UpstreamError).details).toMatchObject({
      kind: 'overloaded',
      retryAfterSeconds: 1,
    });
    expect(sent).toBe(false);
    controller.abort();
    await Promise.allSettled([running, queued]);
  });

  it('gives a hung read one deadline and never retries after it', async () => {
    jest.useFakeTimers();
    const policy = policyWith({ timeoutMs: 500, readRetries: 2 });
    let attempts = 0;
    const pending = policy.run(read, signal => {
      attempts++;
      return hangs(signal);
    });
    const settled = kindOf(pending);
    await jest.advanceTimersByTimeAsync(500);
    expect(await settled).toBe('timeout');
    expect(attempts).toBe(1);
  });

  it('passes a Retry-After that ends past the deadline on instead of waiting for it', async () => {
    const policy = policyWith({ timeoutMs: 1_000, readRetries: 2 });
    let attempts = 0;
    const error = await policy
      .run(read, async () => {
        attempts++;
        throw httpFailure(ctx, 429, 'Too Many Requests', {
          kind: 'throttled',
          retryAfterSeconds: 30,
        });
      })
      .catch((e: UpstreamError) => e);
    expect(attempts).toBe(1);
    expect(error.details).toMatchObject({
      kind: 'throttled',
      retryAfterSeconds: 30,
    });
  });

  it('waits for a short Retry-After before retrying a read', async () => {
    jest.useFakeTimers();
    const policy = policyWith({ timeoutMs: 5_000, readRetries: 2 });
    let attempts = 0;
    const pending = policy.run(read, async () => {
      attempts++;
      if (attempts === 1) {
        throw httpFailure(ctx, 429, undefined, {
          kind: 'throttled',
          retryAfterSeconds: 1,
        });
      }
      return 'ok';
    });
    await jest.advanceTimersByTimeAsync(900);
    expect(attempts).toBe(1);
    await jest.advanceTimersByTimeAsync(200);
    await expect(pending).resolves.toBe('ok');
    expect(attempts).toBe(2);
  });

  it('fails fast once the circuit opens, and closes it again after a successful probe', async () => {
    jest.useFakeTimers();
    let healthy = false;
    let probes = 0;
    const policy: UpstreamPolicy = policyWith(
      { readRetries: 0 },
      {
        circuit: { failureThreshold: 2, halfOpenAfterMs: 5_000 },
        probe: () => {
          probes++;
          return policy.run({ ...read, lane: 'health' }, async () => {
            if (!healthy) throw networkFailure(ctx, new Error('refused'));
            return 'up';
          });
        },
      },
    );
    const down = async () => {
      throw networkFailure(ctx, new Error('refused'));
    };
    expect(await kindOf(policy.run(read, down))).toBe('network');
    expect(await kindOf(policy.run(read, down))).toBe('network');
    expect(policy.reachability()).toMatchObject({ circuit: 'open' });

    let sent = false;
    const fast = await policy
      .run(write, async () => {
        sent = true;
      })
      .catch((e: UpstreamError) => e);
    expect(sent).toBe(false);
    expect((fast as UpstreamError).details).toMatchObject({
      kind: 'unavailable',
      retryAfterSeconds: 5,
    });

    // Still down at the first probe: the circuit opens again.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(probes).toBe(1);
    expect(policy.reachability().circuit).toBe('open');

    // Back up: the next probe closes it without any user request.
    healthy = true;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(probes).toBe(2);
    expect(policy.reachability()).toMatchObject({
      circuit: 'closed',
      unreachableSince: undefined,
    });
    await expect(policy.run(read, async () => 'ok')).resolves.toBe('ok');
  });

  it('does not count refused credentials or throttling as an outage', async () => {
    const policy = policyWith(
      { readRetries: 0 },
      { circuit: { failureThreshold: 1, halfOpenAfterMs: 60_000 } },
    );
    await kindOf(
      policy.run(read, async () => {
        throw httpFailure(ctx, 403, 'Forbidden');
      }),
    );
    await kindOf(
      policy.run(read, async () => {
        throw httpFailure(ctx, 429, undefined, { kind: 'throttled' });
      }),
    );
    expect(policy.reachability()).toEqual({ circuit: 'closed' });
  });

  it('remembers since when the environment fails and when it last answered', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const policy = new UpstreamPolicy({
      environment: 'prod',
      limits: { ...DEFAULT_UPSTREAM_LIMITS, readRetries: 0 },
      logger: testLogger(),
      now: () => now,
    });
    await policy.run(read, async () => 'ok');
    const answeredAt = now;
    now += 10_000;
    const failedAt = now;
    await kindOf(
      policy.run(read, async () => {
        throw httpFailure(ctx, 502);
      }),
    );
    now += 10_000;
    await kindOf(
      policy.run(read, async () => {
        throw httpFailure(ctx, 502);
      }),
    );
    expect(policy.reachability()).toMatchObject({
      circuit: 'closed',
      lastSuccessAt: answeredAt,
      unreachableSince: failedAt,
    });
    expect(policy.reachability().lastFailure).toContain('status 502');
  });

  it('leaves the signal of a call that answered alone: no abort (and its DOMException) per call', async () => {
    const policy = policyWith();
    const signals: AbortSignal[] = [];

    for (let i = 0; i < 3; i++) {
      await policy.run(read, async signal => {
        signals.push(signal);
        return 'answer';
      });
    }

    expect(signals).toHaveLength(3);
    expect(signals.filter(signal => signal.aborted)).toEqual([]);
  });
});
