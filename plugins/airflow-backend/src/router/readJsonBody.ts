import { InputError } from '@backstage/errors';
import express from 'express';

/** The largest body an operation reads. */
export const MAX_BODY = '256kb';

/** Requests whose body could not be read, with why. */
const unreadable = new WeakMap<express.Request, string>();

/**
 * Reads JSON bodies of up to 256 KiB, in place of the validated router's
 * default `express.json()`. It never fails: an error here would be answered
 * before the validator has matched the request to an operation, and so before
 * a refused trigger or pause could be recorded. An unreadable body is left
 * out (the validator then refuses the request, as every operation's body is
 * required) and remembered for the message (see `unreadableBodyError`).
 */
export const readJsonBody: express.RequestHandler = (req, res, next) => {
  express.json({ limit: MAX_BODY })(req, res, error => {
    if (error) {
      unreadable.set(
        req,
        error.type === 'entity.too.large'
          ? 'larger than 256 KiB'
          : 'not a JSON object',
      );
      req.body = undefined;
    }
    next();
  });
};

/** Why the request's body could not be read, as the error to answer with; undefined if it could. */
export function unreadableBodyError(
  req: express.Request,
): InputError | undefined {
  const reason = unreadable.get(req);
  return reason === undefined
    ? undefined
    : new InputError(`Invalid body: ${reason}`);
}
