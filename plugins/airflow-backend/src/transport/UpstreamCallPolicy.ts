import type { LoggerService } from '@backstage/backend-plugin-api';
import type { UpstreamLimits } from '../config/types';
import { ConcurrencyLimiter } from './ConcurrencyLimiter';
import {
  cancelledFailure,
  type CallContext,
  isUpstreamError,
  timeoutFailure,
} from './errors';
import { type BackoffOptions, withRetries } from './retry';

export interface UpstreamCallPolicyOptions {
  environment: string;
  limits: UpstreamLimits;
  logger: LoggerService;
  /** A hard cap on the per-call timeout (MWAA InvokeRestApi stops at 10 s). */
  timeoutCeilingMs?: number;
  backoff?: BackoffOptions;
}

/**
 * What every upstream call of one environment goes through: a concurrency
 * slot, a per-attempt timeout, and retries with backoff for idempotent reads
 * only. One instance per environment, shared by all its calls.
 */
export class UpstreamCallPolicy {
  private readonly limiter: ConcurrencyLimiter;
  readonly timeoutMs: number;

  constructor(private readonly options: UpstreamCallPolicyOptions) {
    this.limiter = new ConcurrencyLimiter(options.limits.maxConcurrency);
    this.timeoutMs = Math.min(
      options.limits.timeoutMs,
      options.timeoutCeilingMs ?? Infinity,
    );
  }

  async run<T>(
    call: { operation: string; idempotent: boolean; signal?: AbortSignal },
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const ctx: CallContext = {
      environment: this.options.environment,
      operation: call.operation,
    };
    return withRetries(() => this.attemptOnce(ctx, call.signal, attempt), {
      retries: call.idempotent ? this.options.limits.readRetries : 0,
      backoff: this.options.backoff,
      signal: call.signal,
      onRetry: (error, n, delayMs) =>
        this.options.logger.debug(
          `Retrying ${ctx.operation} on Airflow environment "${
            ctx.environment
          }" (retry ${n} in ${Math.round(delayMs)} ms): ${
            isUpstreamError(error) ? error.message : 'unknown error'
          }`,
        ),
    });
  }

  private async attemptOnce<T>(
    ctx: CallContext,
    callerSignal: AbortSignal | undefined,
    attempt: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.limiter.run(async () => {
        // The timeout starts once a slot is granted: waiting in the queue is not Airflow's fault.
        const timeout = AbortSignal.timeout(this.timeoutMs);
        const signal = callerSignal
          ? AbortSignal.any([callerSignal, timeout])
          : timeout;
        try {
          return await attempt(signal);
        } catch (error) {
          if (callerSignal?.aborted) throw cancelledFailure(ctx);
          if (timeout.aborted) throw timeoutFailure(ctx, this.timeoutMs);
          throw error;
        }
      }, callerSignal);
    } catch (error) {
      if (!isUpstreamError(error) && callerSignal?.aborted) {
        throw cancelledFailure(ctx);
      }
      throw error;
    }
  }
}
