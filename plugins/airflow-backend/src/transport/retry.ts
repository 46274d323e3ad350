import { isUpstreamError } from './errors';

/** Statuses worth another try for a read: the server or a proxy was briefly unavailable. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** True for failures a repeated idempotent read may overcome. */
export function isRetryable(error: unknown): boolean {
  if (!isUpstreamError(error)) return false;
  const { kind, status } = error.details;
  if (kind === 'network' || kind === 'timeout' || kind === 'throttled') {
    return true;
  }
  return (
    kind === 'http' && status !== undefined && RETRYABLE_STATUSES.has(status)
  );
}

export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** Upper bound of any single delay. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseDelayMs: 250,
  maxDelayMs: 4_000,
};

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many callers spread out. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return exp / 2 + Math.random() * (exp / 2);
}

/**
 * Runs `fn`, retrying up to `retries` times while `isRetryable` says so.
 * Stops as soon as `signal` aborts. Callers pass `retries: 0` for writes.
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  options: {
    retries: number;
    backoff?: BackoffOptions;
    signal?: AbortSignal;
    onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  },
): Promise<T> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (
        attempt >= options.retries ||
        !isRetryable(error) ||
        options.signal?.aborted
      ) {
        throw error;
      }
      const delayMs = backoffDelay(attempt, backoff);
      options.onRetry?.(error, attempt + 1, delayMs);
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
