/**
 * A token bucket: at most `ratePerSecond` calls per second on average, bursts
 * of up to `burst`. `take()` waits for a token instead of refusing, so a
 * burst of portal reads is spread out rather than failed. Cockatiel has no
 * rate limiter, and this is small enough to own.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;
  /** Waiters in arrival order; each is granted one token. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (
      ms: number,
      signal?: AbortSignal,
    ) => Promise<void> = abortableSleep,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) {
      throw new Error(
        'a token bucket needs a positive rate and a burst of at least 1',
      );
    }
    this.tokens = burst;
    this.lastRefillMs = now();
  }

  /** Resolves when the caller may send; rejects with the signal's reason if it aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.waitForToken(signal));
    // The next waiter queues behind this one whether it is granted or aborted.
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
      await this.sleep(waitMs, signal);
    }
  }

  private refill(): void {
    const nowMs = this.now();
    const elapsed = Math.max(0, nowMs - this.lastRefillMs) / 1000;
    this.tokens = Math.min(
      this.burst,
      this.tokens + elapsed * this.ratePerSecond,
    );
    this.lastRefillMs = nowMs;
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    function onAbort() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
