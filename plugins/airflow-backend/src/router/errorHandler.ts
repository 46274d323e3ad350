import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { AirflowErrorInfo } from '@airflow-portal/plugin-airflow-common';
import type { ErrorRequestHandler } from 'express';
import {
  describeError,
  isUpstreamError,
  toErrorInfo,
  type UpstreamErrorDetails,
} from '../transport/errors';

const STATUS_BY_ERROR_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

/**
 * The status the portal answers with when Airflow failed. Airflow's answers
 * about the request itself pass through (404, 409, 400/422 → 400); a request
 * the connection cannot carry (MWAA's 64-character Path, its 6 MB answer) is
 * 422: retrying will not help. Problems between the backend and Airflow are
 * gateway errors, never 401/403, because the browser's own credentials were
 * fine.
 */
export function httpStatusForUpstream(details: UpstreamErrorDetails): number {
  switch (details.kind) {
    case 'timeout':
      return 504;
    case 'throttled':
    case 'overloaded':
    case 'unavailable':
    case 'cancelled':
      return 503;
    case 'limit':
      return 422;
    case 'http':
      break;
    default:
      // auth, network, malformed
      return 502;
  }
  switch (details.status) {
    case 400:
    case 422:
      return 400;
    case 404:
      return 404;
    case 409:
      return 409;
    case 429:
      return 503;
    default:
      return 502;
  }
}

/** Throttling without a `Retry-After` of its own: a short pause is the honest hint. */
const DEFAULT_THROTTLED_RETRY_AFTER_SECONDS = 1;

/**
 * A 503 of the portal's own (the permission check could not be made, e.g.
 * while the permission backend's database is down): the time it usually
 * takes a restarted database to answer again.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/**
 * `Retry-After` for a 503 the client may retry: Airflow's or MWAA's own
 * value when they sent one, the portal's estimate for its full queue or open
 * circuit breaker.
 */
export function retryAfterFor(
  details: UpstreamErrorDetails,
): number | undefined {
  if (details.retryAfterSeconds !== undefined) {
    return details.retryAfterSeconds;
  }
  return details.kind === 'throttled' ||
    (details.kind === 'http' && details.status === 429)
    ? DEFAULT_THROTTLED_RETRY_AFTER_SECONDS
    : undefined;
}

function describe(error: unknown): {
  status: number;
  body: AirflowErrorInfo & { environment?: string };
} {
  if (isUpstreamError(error)) {
    return {
      status: httpStatusForUpstream(error.details),
      body: { ...toErrorInfo(error), environment: error.details.environment },
    };
  }
  if (isError(error) && STATUS_BY_ERROR_NAME[error.name]) {
    return {
      status: STATUS_BY_ERROR_NAME[error.name],
      body: toErrorInfo(error),
    };
  }
  // Anything else is our bug: its message may carry internals.
  return {
    status: 500,
    body: { name: 'Error', message: 'Internal server error' },
  };
}

/**
 * Answers errors with Backstage's error body
 * `{error: {name, message, …}, request, response: {statusCode}}`, where the
 * error is reported as everywhere else (see toErrorInfo), plus the
 * environment of a failure of Airflow. No stack traces, no credentials.
 */
export function errorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const { status, body } = describe(error);
    let retryAfter: number | undefined;
    if (status === 503) {
      retryAfter = isUpstreamError(error)
        ? retryAfterFor(error.details)
        : UNAVAILABLE_RETRY_AFTER_SECONDS;
    }
    if (retryAfter !== undefined) {
      res.setHeader('Retry-After', String(retryAfter));
    }
    if (status >= 500) {
      logger.warn(
        `${req.method} ${
          req.originalUrl
        } failed with ${status}: ${describeError(error)}`,
      );
    }
    res.status(status).json({
      error: body,
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}
