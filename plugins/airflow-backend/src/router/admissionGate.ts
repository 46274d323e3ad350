import { ServiceUnavailableError } from '@backstage/errors';
import { BulkheadRejectedError, bulkhead } from 'cockatiel';
import type express from 'express';
import type { RequestSettings } from '../config/types';

/** How long a refused client is told to wait. */
const RETRY_AFTER_SECONDS = 5;

/**
 * At most `maxInProgress` of the plugin's requests are served at once; the
 * others wait their turn, first come first served, and past `maxQueued`
 * waiting the answer is 503 with `Retry-After`.
 *
 * The plugin shares its process (and event loop) with the catalog and the
 * permission backend, which its requests call. Under more load than the
 * process can serve, every request in progress takes a turn of the event
 * loop at each step, and a request that has to ask the permission backend
 * (a caller's first, with no answers kept yet) waits at each of its steps
 * behind all the others, for tens of seconds. Bounding what is in progress
 * keeps those turns short: the wait moves to the queue, where it is the
 * same for everyone.
 */
export class AdmissionGate {
  private readonly gate;

  constructor(private readonly settings: RequestSettings) {
    this.gate = bulkhead(settings.maxInProgress, settings.maxQueued);
  }

  /** Requests waiting for their turn. */
  get waiting(): number {
    return this.settings.maxQueued - this.gate.queueSlots;
  }

  readonly handler: express.Handler = (_req, res, next) => {
    // No abort signal is given to the bulkhead: a cancelled waiting task
    // would not hand its turn on. A client that left is let through at its
    // turn and leaves the place at once.
    this.gate
      .execute(
        () =>
          new Promise<void>(done => {
            if (res.writableEnded || res.destroyed) {
              done();
              return;
            }
            // The place is held until the answer is sent, or the client left.
            res.once('finish', done);
            res.once('close', done);
            next();
          }),
      )
      .catch(error => {
        if (error instanceof BulkheadRejectedError) {
          res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
          next(
            new ServiceUnavailableError(
              'The Airflow plugin has more requests waiting than it takes; try again shortly',
            ),
          );
          return;
        }
        next(error);
      });
  };
}
