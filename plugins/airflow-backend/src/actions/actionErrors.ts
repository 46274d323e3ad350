import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { httpStatusForUpstream } from '../router/errorHandler';
import {
  describeError,
  describeErrorForUsers,
  isUpstreamError,
  type UpstreamError,
} from '../transport/errors';

/** Errors the registry's router answers with their own status, and MCP clients are shown by name. */
const BACKSTAGE_ERRORS = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

/**
 * Runs an action, answering its failures as Backstage errors: the actions
 * registry's router answers those with their status, and the MCP backend
 * hands their name and message to the assistant as a tool error. A failure
 * of Airflow becomes the error its status means, as the routes answer it
 * (see router/errorHandler), with Airflow's detail redacted; anything else
 * is logged and answered without its message, which may carry internals.
 */
export async function withActionErrors<T>(
  logger: LoggerService,
  action: () => Promise<T>,
): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (isUpstreamError(error)) {
      throw upstreamFailure(error);
    }
    if (isError(error) && BACKSTAGE_ERRORS.has(error.name)) {
      throw error;
    }
    logger.error(`Airflow action failed: ${describeError(error)}`);
    throw new Error('The Airflow action failed; the backend log has why');
  }
}

function upstreamFailure(error: UpstreamError): Error {
  const { environment } = error.details;
  const message = `Airflow environment "${environment}" answered: ${describeErrorForUsers(
    error,
  )}`;
  switch (httpStatusForUpstream(error.details)) {
    case 400:
    case 422:
      return new InputError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      // 502, 503, 504: Airflow, or the way to it, failed; the caller's
      // request was fine and may be retried later.
      return new ServiceUnavailableError(message);
  }
}
