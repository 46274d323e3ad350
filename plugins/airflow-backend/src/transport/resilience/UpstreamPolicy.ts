import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  BrokenCircuitError,
  BulkheadPolicy,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  type IPolicy,
  noop,
  retry,
  timeout,
  TimeoutStrategy,
  type TimeoutPolicy,
  TaskCancelledError,
  wrap,
} from 'cockatiel';
import type { UpstreamLimits } from '../../config/types';
import {
  cancelledFailure,
  type CallContext,
  describeError,
  overloadedFailure,
  timeoutFailure,
  unavailableFailure,
} from '../errors';
import {
  type BackoffOptions,
  DEFAULT_BACKOFF,
  isRetryable,
  RetryAfterBackoff,
  retryAfterMs,
} from './backoff';
import { currentCallerSignal } from './callerSignal';
import { isOutage } from './outage';
import { TokenBucket } from './TokenBucket';
import type { UpstreamReachability, UpstreamLane } from './types';

export interface CircuitOptions {
  /** Consecutive outage failures (network, timeout, 5xx) that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before one call probes the environment. */
  halfOpenAfterMs: number;
}

export const DEFAULT_CIRCUIT: CircuitOptions = {
  failureThreshold: 5,
  halfOpenAfterMs: 5_000,
};

export interface UpstreamPolicyOptions {
  environment: string;
  limits: UpstreamLimits;
  logger: LoggerService;
  /** A hard cap on the request's deadline (MWAA InvokeRestApi stops at 10 s). */
  timeoutCeilingMs?: number;
  backoff?: BackoffOptions;
  circuit?: CircuitOptions;
  /** Calls per second sent to the environment (MWAA: below InvokeRestApi's ~10 TPS); none when undefined. */
  requestsPerSecond?: number;
  /**
   * Called once the open circuit may be probed, so an environment that is
   * down is retried by itself, not only when a user asks. Runs through this
   * policy (health lane); its failure re-opens the circuit.
   */
  probe?: () => Promise<unknown>;
  /** Epoch ms (tests). */
  now?: () => number;
}

export interface UpstreamCall {
  operation: string;
  /** Idempotent reads may be retried; writes never are. */
  idempotent: boolean;
  /** Which bulkhead the call waits in; defaults to `read` or `write` from `idempotent`. */
  lane?: UpstreamLane;
  /** The caller's signal; defaults to the incoming request's (see callerSignal.ts). */
  signal?: AbortSignal;
}

const CIRCUIT_NAMES: Record<CircuitState, UpstreamReachability['circuit']> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

/** Health checks are few and must answer while reads hang. */
const HEALTH_LANE = { capacity: 2, queue: 8 };
/** Bursts of at most this many calls above the steady rate (MWAA: rate 8 + burst 2 stays ≤ 10 in any second). */
const RATE_BURST = 2;

/**
 * What every upstream call of one environment goes through, built on
 * cockatiel, outermost first:
 * - one deadline for the whole request (retries and waiting share it);
 * - retries of idempotent reads on 429/502/503/504 and network errors,
 *   honouring `Retry-After`, never after the deadline or beyond it;
 * - a circuit breaker: after consecutive outage failures the environment
 *   fails fast (503 with `Retry-After`) until one call probes it again;
 * - a bulkhead per lane (reads, writes, health) with a bounded queue, so
 *   trigger/pause and health checks never wait behind hung reads, and a
 *   full queue is refused at once;
 * - for MWAA, a per-environment rate limit.
 * One instance per environment, shared by all its calls.
 */
export class UpstreamPolicy {
  readonly timeoutMs: number;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly deadline: TimeoutPolicy;
  private readonly lanes: Record<UpstreamLane, BulkheadPolicy>;
  private readonly bucket?: TokenBucket;
  private readonly now: () => number;
  private readonly circuit: CircuitOptions;
  private openedAt?: number;
  private lastSuccessAt?: number;
  private unreachableSince?: number;
  private lastFailure?: string;
  private probeTimer?: NodeJS.Timeout;

  constructor(private readonly options: UpstreamPolicyOptions) {
    const { limits } = options;
    this.now = options.now ?? Date.now;
    this.timeoutMs = Math.min(
      limits.timeoutMs,
      options.timeoutCeilingMs ?? Infinity,
    );
    this.circuit = options.circuit ?? DEFAULT_CIRCUIT;
    // One policy for every call (each execution has its own timer and
    // signal). Not aborted on return: an attempt has read its whole answer
    // by then, and aborting a finished call's signal costs a DOMException
    // (with its stack) per upstream call, a large part of a 50-environment
    // overview's CPU.
    this.deadline = timeout(this.timeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    this.breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: this.circuit.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(this.circuit.failureThreshold),
    });
    this.breaker.onBreak(() => this.opened());
    this.breaker.onReset(() => {
      this.openedAt = undefined;
      options.logger.info(
        `Airflow environment "${options.environment}" answers again; calls resume`,
      );
    });
    this.lanes = {
      read: bulkhead(limits.maxConcurrency, limits.maxQueued),
      write: bulkhead(
        Math.max(1, Math.ceil(limits.maxConcurrency / 2)),
        limits.maxQueued,
      ),
      health: bulkhead(HEALTH_LANE.capacity, HEALTH_LANE.queue),
    };
    if (options.requestsPerSecond) {
      this.bucket = new TokenBucket(
        options.requestsPerSecond,
        RATE_BURST,
        this.now,
      );
    }
  }

  /** What the portal knows of the environment's reachability from its calls. */
  reachability(): UpstreamReachability {
    const state: CircuitState = this.breaker.state;
    return {
      circuit: CIRCUIT_NAMES[state],
      lastSuccessAt: this.lastSuccessAt,
      unreachableSince: this.unreachableSince,
      lastFailure: this.lastFailure,
    };
  }

  async run<T>(
    call: UpstreamCall,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const ctx: CallContext = {
      environment: this.options.environment,
      operation: call.operation,
    };
    const callerSignal = call.signal ?? currentCallerSignal();
    const lane = call.lane ?? (call.idempotent ? 'read' : 'write');
    const deadlineAt = this.now() + this.timeoutMs;
    const policy = wrap(
      this.deadline,
      this.retryPolicy(call, ctx, deadlineAt),
      this.breaker,
      this.lanes[lane],
    );
    try {
      return await policy.execute(async ({ signal }) => {
        try {
          if (this.bucket && lane !== 'health') await this.bucket.take(signal);
          const value = await attempt(signal);
          this.succeeded();
          return value;
        } catch (error) {
          throw this.attemptFailure(ctx, error, signal, callerSignal);
        }
      }, callerSignal);
    } catch (error) {
      throw this.callFailure(ctx, error, callerSignal);
    }
  }

  private retryPolicy(
    call: UpstreamCall,
    ctx: CallContext,
    deadlineAt: number,
  ): IPolicy {
    const retries = call.idempotent ? this.options.limits.readRetries : 0;
    if (retries === 0) return noop;
    // A wait Airflow asked for that would end past the deadline is not waited for:
    // the 429 goes back to the caller with its Retry-After instead.
    const worthRetrying = (error: Error) =>
      isRetryable(error) &&
      this.now() + (retryAfterMs(error) ?? 0) < deadlineAt;
    const policy = retry(handleWhen(worthRetrying), {
      maxAttempts: retries,
      backoff: new RetryAfterBackoff(this.options.backoff ?? DEFAULT_BACKOFF),
    });
    policy.onRetry(({ delay, attempt, ...reason }) =>
      this.options.logger.debug(
        `Retrying ${ctx.operation} on Airflow environment "${
          ctx.environment
        }" (retry ${attempt} in ${Math.round(delay)} ms): ${
          'error' in reason ? describeError(reason.error) : 'unknown error'
        }`,
      ),
    );
    return policy;
  }

  /** One attempt failed: say whether the deadline or the caller stopped it. */
  private attemptFailure(
    ctx: CallContext,
    error: unknown,
    signal: AbortSignal,
    callerSignal: AbortSignal | undefined,
  ): unknown {
    if (callerSignal?.aborted) return cancelledFailure(ctx);
    const failure = signal.aborted
      ? timeoutFailure(ctx, this.timeoutMs)
      : error;
    if (isOutage(failure)) this.failed(failure);
    return failure;
  }

  /** What the caller sees: always an UpstreamError. */
  private callFailure(
    ctx: CallContext,
    error: unknown,
    callerSignal: AbortSignal | undefined,
  ): unknown {
    if (callerSignal?.aborted) return cancelledFailure(ctx);
    if (error instanceof BrokenCircuitError) {
      return unavailableFailure(
        ctx,
        this.secondsUntilProbe(),
        this.lastFailure,
      );
    }
    if (error instanceof BulkheadRejectedError) {
      this.options.logger.warn(
        `Airflow environment "${ctx.environment}": queue full, ${ctx.operation} refused`,
      );
      return overloadedFailure(ctx, Math.ceil(this.timeoutMs / 1000));
    }
    if (error instanceof TaskCancelledError) {
      const failure = timeoutFailure(ctx, this.timeoutMs);
      this.failed(failure);
      return failure;
    }
    return error;
  }

  private succeeded(): void {
    this.lastSuccessAt = this.now();
    this.unreachableSince = undefined;
    this.lastFailure = undefined;
  }

  private failed(error: unknown): void {
    this.unreachableSince ??= this.now();
    this.lastFailure = describeError(error);
  }

  private secondsUntilProbe(): number {
    const openedAt = this.openedAt ?? this.now();
    const remaining = openedAt + this.circuit.halfOpenAfterMs - this.now();
    return Math.max(1, Math.ceil(remaining / 1000));
  }

  private opened(): void {
    this.openedAt = this.now();
    this.options.logger.warn(
      `Airflow environment "${this.options.environment}" is failing (${
        this.lastFailure ?? 'unknown error'
      }): calls fail fast for ${
        this.circuit.halfOpenAfterMs
      } ms, then it is probed again`,
    );
    const probe = this.options.probe;
    if (!probe) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      probe().catch(() => {
        // A failed probe re-opens the circuit, which schedules the next one.
      });
    }, this.circuit.halfOpenAfterMs);
    // The probe must never keep the process alive on shutdown.
    this.probeTimer.unref?.();
  }
}
