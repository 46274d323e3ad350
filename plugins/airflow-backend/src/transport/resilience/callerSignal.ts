import { AsyncLocalStorage } from 'node:async_hooks';

/*
 * The abort signal of the incoming request (the browser went away), carried
 * from the router to the transport through the async context, so the read
 * service and the API adapters need not thread it through every method.
 * Coalesced reads run under a signal that aborts only when every caller
 * waiting for them is gone (see service/SingleFlight.ts).
 */
const storage = new AsyncLocalStorage<AbortSignal | undefined>();

/** Runs `fn` with `signal` as the caller's signal of every upstream call it makes. */
export function withCallerSignal<T>(
  signal: AbortSignal | undefined,
  fn: () => T,
): T {
  return storage.run(signal, fn);
}

/** The signal of the request being served, if any. */
export function currentCallerSignal(): AbortSignal | undefined {
  return storage.getStore();
}
