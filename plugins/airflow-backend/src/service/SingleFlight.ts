import {
  currentCallerSignal,
  withCallerSignal,
} from '../transport/resilience/callerSignal';

interface Flight {
  promise: Promise<unknown>;
  /** Aborts the shared call: only once every caller waiting for it has gone. */
  controller: AbortController;
  /** Callers still waiting (a caller without a signal never leaves). */
  waiting: number;
}

/**
 * Joins concurrent calls for the same key into one: while a call for a key is
 * in flight, later callers get the same promise instead of starting another.
 * The shared call runs under its own caller signal, aborted only when every
 * caller that joined it has aborted, so one closed page never cancels a read
 * others still wait for.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Flight>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      const promise = Promise.resolve()
        .then(() => withCallerSignal(controller.signal, work))
        .finally(() => this.inFlight.delete(key));
      flight = { promise, controller, waiting: 0 };
      this.inFlight.set(key, flight);
    }
    this.join(flight, currentCallerSignal());
    return flight.promise as Promise<T>;
  }

  private join(flight: Flight, signal: AbortSignal | undefined): void {
    flight.waiting++;
    if (!signal) return;
    const leave = () => {
      flight.waiting--;
      if (flight.waiting === 0) flight.controller.abort(signal.reason);
    };
    if (signal.aborted) {
      leave();
    } else {
      signal.addEventListener('abort', leave, { once: true });
    }
  }
}
