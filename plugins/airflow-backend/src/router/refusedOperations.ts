import type express from 'express';
import type {
  DagOperations,
  OperationCaller,
  RawDagParams,
} from '../operations/DagOperations';
import { unreadableBodyError } from './readJsonBody';

/** What express-openapi-validator leaves on a request it matched to an operation of the spec. */
interface MatchedRequest extends express.Request {
  openapi?: {
    pathParams: RawDagParams & Record<string, string | undefined>;
    schema: { operationId?: string };
  };
}

type Rejection = (
  operations: DagOperations,
  caller: OperationCaller,
  params: RawDagParams,
  body: unknown,
  error: Error,
) => Promise<never>;

/**
 * The spec's write operations, and how a refused attempt of each is recorded.
 * A write missing here would leave no record of its refused attempts: the
 * permission walk over the spec's operations checks that each leaves one.
 */
const rejections: Record<string, Rejection> = {
  // Nothing of a body the spec refused is recorded.
  TriggerDagRun: (operations, caller, params, _body, error) =>
    operations.rejectTrigger(caller, params, undefined, error),
  // `isPaused` as sent, if at all, tells a pause from an unpause.
  SetDagPaused: (operations, caller, params, body, error) =>
    operations.rejectSetPaused(
      caller,
      params,
      (body as { isPaused?: unknown } | undefined)?.isPaused,
      error,
    ),
};

/**
 * A request the validator refused never reaches its handler. If it was a
 * trigger or a pause, it is still an attempt: recorded as `rejected` (with the
 * path as it came), then answered with `error`, or with why its body could not
 * be read. Any other request is answered with `error`.
 */
export async function recordRefusedOperation(
  operations: DagOperations,
  caller: OperationCaller,
  req: express.Request,
  error: Error,
  /** Other writes of the spec, by operation id, and how a refused attempt of each is recorded. */
  more: Record<string, MoreRejection> = {},
): Promise<never> {
  const { openapi } = req as MatchedRequest;
  const operationId = openapi?.schema.operationId;
  if (!openapi || !operationId) {
    throw error;
  }
  const reject = rejections[operationId];
  const other = more[operationId];
  const reason = unreadableBodyError(req) ?? error;
  if (reject) {
    return reject(operations, caller, openapi.pathParams, req.body, reason);
  }
  if (other) {
    return other(caller, openapi.pathParams, req.body, reason);
  }
  throw error;
}

/** A rejection of an operation outside DagOperations (approvals, backfills). */
export type MoreRejection = (
  caller: OperationCaller,
  params: RawDagParams & Record<string, string | undefined>,
  body: unknown,
  error: Error,
) => Promise<never>;
