import { InputError } from '@backstage/errors';
import express from 'express';

/** The largest body an operation reads. */
export const MAX_BODY = '256kb';

/**
 * The deepest nesting of objects and arrays a body may have. A trigger's
 * conf nested thousands of levels deep would otherwise exhaust the stack of
 * whatever walks it next (the validator, redaction, JSON.stringify).
 */
export const MAX_BODY_DEPTH = 64;

/** Whether `value` nests deeper than `max`; iterative, so any depth is safe to measure. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) {
      stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Requests whose body could not be read, with why. */
const unreadable = new WeakMap<express.Request, string>();

/**
 * Reads JSON bodies of up to 256 KiB and 64 levels of nesting, in place of the validated router's
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
    } else if (nestsDeeperThan(req.body, MAX_BODY_DEPTH)) {
      unreadable.set(req, `nested deeper than ${MAX_BODY_DEPTH} levels`);
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
