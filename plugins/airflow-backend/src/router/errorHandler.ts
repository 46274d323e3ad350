import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError, serializeError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import { isUpstreamError } from '../transport/errors';
import { httpStatusForUpstream } from './upstreamStatus';

const STATUS_BY_ERROR_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

function describe(error: unknown): {
  status: number;
  body: Record<string, unknown>;
} {
  if (isUpstreamError(error)) {
    return {
      status: httpStatusForUpstream(error.details),
      body: {
        name: error.name,
        message: error.message,
        environment: error.details.environment,
        upstreamStatus: error.details.status,
        detail: error.details.detail,
      },
    };
  }
  if (isError(error) && STATUS_BY_ERROR_NAME[error.name]) {
    // No stack and no cause: causes may carry upstream internals.
    const { stack, cause, ...serialized } = serializeError(error);
    return { status: STATUS_BY_ERROR_NAME[error.name], body: serialized };
  }
  return {
    status: 500,
    body: { name: 'Error', message: 'Internal server error' },
  };
}

/**
 * Answers errors with Backstage's error body
 * `{error: {name, message, …}, request, response: {statusCode}}`, without stack
 * traces or credentials.
 */
export function errorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, body } = describe(error);
    if (status >= 500) {
      logger.warn(
        `${req.method} ${req.originalUrl} failed with ${status}: ${
          isError(error) ? `${error.name}: ${error.message}` : String(error)
        }`,
      );
    }
    res.status(status).json({
      error: body,
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}
