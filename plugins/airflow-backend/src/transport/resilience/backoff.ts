import type {
  IBackoff,
  IBackoffFactory,
  IRetryBackoffContext,
} from 'cockatiel';
import { isUpstreamError } from '../errors';

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any single delay (Airflow's `Retry-After` may ask for more). */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseDelayMs: 250,
  maxDelayMs: 4_000,
};

/** Statuses worth another try for a read: the server or a proxy was briefly unavailable. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/**
 * True for failures a repeated idempotent read may overcome. Never a timeout:
 * the request's one deadline is spent, and a hung Airflow would only hang again.
 */
export function isRetryable(error: unknown): boolean {
  if (!isUpstreamError(error)) return false;
  const { kind, status } = error.details;
  if (kind === 'network' || kind === 'throttled') return true;
  return (
    kind === 'http' && status !== undefined && RETRYABLE_STATUSES.has(status)
  );
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many callers spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return exp / 2 + Math.random() * (exp / 2);
}

/** The wait Airflow or MWAA asked for with `Retry-After`, in ms. */
export function retryAfterMs(error: unknown): number | undefined {
  if (!isUpstreamError(error)) return undefined;
  const seconds = error.details.retryAfterSeconds;
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * Cockatiel backoff for idempotent reads: the exponential delay, or the
 * server's `Retry-After` when that is longer.
 */
export class RetryAfterBackoff
  implements IBackoffFactory<IRetryBackoffContext<unknown>>
{
  constructor(private readonly options: BackoffOptions) {}

  next(
    context: IRetryBackoffContext<unknown>,
  ): IBackoff<IRetryBackoffContext<unknown>> {
    const error = 'error' in context.result ? context.result.error : undefined;
    const duration = Math.max(
      backoffDelay(context.attempt - 1, this.options),
      retryAfterMs(error) ?? 0,
    );
    return { duration, next: ctx => this.next(ctx) };
  }
}
