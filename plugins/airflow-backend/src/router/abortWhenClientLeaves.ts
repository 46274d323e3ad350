import type { NextFunction, Request, Response } from 'express';
import { withCallerSignal } from '../transport/resilience/callerSignal';

/**
 * Gives every upstream call made while serving the request a signal that
 * aborts when the browser goes away before the answer is written, so a
 * closed page does not keep Airflow busy (coalesced reads are only
 * cancelled once every caller waiting for them has gone).
 */
export function abortWhenClientLeaves(
  _req: Request,
  res: Response,
  next: NextFunction,
): void {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) {
      controller.abort(new Error('The client closed the connection'));
    }
  });
  withCallerSignal(controller.signal, next);
}
