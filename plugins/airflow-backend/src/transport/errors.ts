import type { AirflowErrorInfo } from '@airflow-portal/plugin-airflow-common';
import { CustomErrorBase, isError } from '@backstage/errors';
import { hideAwsIdentifiers, redactText } from '../redaction/redact';

/*
 * Every failure between the backend and Airflow is an UpstreamError, built by
 * the constructors below; toErrorInfo is how the portal reports any error,
 * wherever it reports it.
 */

/** What went wrong between the backend and Airflow. */
export type UpstreamFailureKind =
  /** Airflow (or MWAA on its behalf) answered with a non-2xx status. */
  | 'http'
  /** No answer within the configured timeout. */
  | 'timeout'
  /** Connection refused/reset, DNS failure. */
  | 'network'
  /** The answer was not the JSON we expect. */
  | 'malformed'
  /** Credentials were refused (token exchange failed, 401/403, MWAA AccessDenied). */
  | 'auth'
  /** 429 or MWAA throttling. */
  | 'throttled'
  /** The portal's own queue for the environment is full: shed before reaching Airflow. */
  | 'overloaded'
  /** The environment is known to be down (open circuit breaker): failed fast, without a call. */
  | 'unavailable'
  /** The portal's caller went away before the answer came. */
  | 'cancelled'
  /** A documented limit was hit (MWAA 64-char Path, 10 s, 6 MB). */
  | 'limit';

export interface UpstreamErrorDetails {
  environment: string;
  kind: UpstreamFailureKind;
  /** The status Airflow answered with (for MWAA: `RestApiStatusCode`, or the MWAA status for MWAA's own errors). */
  status?: number;
  /** Airflow's detail (v2 `detail`, v1 RFC 7807 `detail`/`title`) or MWAA's message. Never a credential. */
  detail?: string;
  /** MWAA error type, e.g. `RestApiClientException`, `AccessDeniedException`. */
  awsErrorType?: string;
  /** When to try again, in seconds: Airflow's or MWAA's `Retry-After`, or the portal's own estimate. */
  retryAfterSeconds?: number;
}

/**
 * A typed failure of an upstream call. Messages name the environment and the
 * failure, never a credential or a stack trace.
 */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;
  readonly details: UpstreamErrorDetails;

  constructor(message: string, details: UpstreamErrorDetails, cause?: unknown) {
    super(message, cause);
    this.details = details;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

/**
 * `error` with `knownSecrets` (e.g. the secret values of a conf Airflow
 * refused, which its detail may echo) redacted from its message and detail.
 */
export function withSecretsRedacted(
  error: unknown,
  knownSecrets: readonly string[],
): unknown {
  if (!isUpstreamError(error) || knownSecrets.length === 0) {
    return error;
  }
  const { detail } = error.details;
  return new UpstreamError(redactText(error.message, knownSecrets), {
    ...error.details,
    detail: detail === undefined ? undefined : redactText(detail, knownSecrets),
  });
}

/** Which call failed: used in every message, never contains credentials. */
export interface CallContext {
  /** The configured environment name. */
  environment: string;
  /** `METHOD /path`, e.g. `GET /dags`. */
  operation: string;
}

/** 401/403 mean refused credentials, 429 throttling; anything else is plain HTTP. */
export function kindForStatus(status: number): UpstreamFailureKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'throttled';
  return 'http';
}

export function httpFailure(
  ctx: CallContext,
  status: number,
  detail?: string,
  extra?: {
    awsErrorType?: string;
    kind?: UpstreamFailureKind;
    retryAfterSeconds?: number;
  },
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${
      ctx.operation
    } failed with status ${status}${detail ? `: ${detail}` : ''}`,
    {
      environment: ctx.environment,
      kind: extra?.kind ?? kindForStatus(status),
      status,
      detail,
      awsErrorType: extra?.awsErrorType,
      ...(extra?.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: extra.retryAfterSeconds }
        : {}),
    },
  );
}

/**
 * A 403 that is not about an expired or unverifiable token (or that persists
 * with a freshly issued one): Airflow knows the portal's account and refuses
 * it this call. Retrying will not help; Airflow's roles must change.
 */
export function authorisationFailure(
  ctx: CallContext,
  detail: string | undefined,
  options: { afterRefresh: boolean },
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${
      ctx.operation
    } was refused with status 403${detail ? ` (${detail})` : ''}${
      options.afterRefresh ? ' even with a freshly issued token' : ''
    }: the portal's Airflow account is not authorised for it`,
    { environment: ctx.environment, kind: 'auth', status: 403, detail },
  );
}

export function timeoutFailure(ctx: CallContext, ms: number): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${ctx.operation} timed out after ${ms} ms`,
    { environment: ctx.environment, kind: 'timeout' },
  );
}

export function cancelledFailure(ctx: CallContext): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${ctx.operation} was cancelled`,
    { environment: ctx.environment, kind: 'cancelled' },
  );
}

/** The environment's queue is full: the call was not sent. */
export function overloadedFailure(
  ctx: CallContext,
  retryAfterSeconds: number,
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${ctx.operation} was not sent: too many calls are waiting for this environment`,
    { environment: ctx.environment, kind: 'overloaded', retryAfterSeconds },
  );
}

/** The circuit breaker is open: the environment failed repeatedly and is not called until it is probed again. */
export function unavailableFailure(
  ctx: CallContext,
  retryAfterSeconds: number,
  lastFailure?: string,
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${
      ctx.operation
    } was not sent: the environment is failing${
      lastFailure ? ` (last failure: ${lastFailure})` : ''
    } and is probed again within ${retryAfterSeconds} s`,
    { environment: ctx.environment, kind: 'unavailable', retryAfterSeconds },
  );
}

export function networkFailure(
  ctx: CallContext,
  cause: unknown,
): UpstreamError {
  const code = networkErrorCode(cause);
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${
      ctx.operation
    } could not reach the server${code ? ` (${code})` : ''}`,
    { environment: ctx.environment, kind: 'network' },
    cause,
  );
}

export function malformedFailure(
  ctx: CallContext,
  problem: string,
  status?: number,
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${ctx.operation} answered ${problem}`,
    { environment: ctx.environment, kind: 'malformed', status },
  );
}

export function limitFailure(
  ctx: CallContext,
  limit: string,
  extra?: { status?: number; detail?: string; awsErrorType?: string },
): UpstreamError {
  return new UpstreamError(
    `Airflow environment "${ctx.environment}": ${ctx.operation} exceeds a limit: ${limit}`,
    { environment: ctx.environment, kind: 'limit', ...extra },
  );
}

/** `ECONNREFUSED`, `ENOTFOUND`, … from fetch's `cause` chain; never the URL. */
function networkErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
      return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Text that people who use the portal read: secrets redacted, and AWS
 * identifiers (account ids, role ARNs) left out; the log keeps those.
 */
export function textForUsers(text: string): string {
  return hideAwsIdentifiers(redactText(text));
}

/**
 * An error as the portal reports it, in an HTTP error body, an environment's
 * `error` and the audit trail: name and message, and for a failure of
 * Airflow its status and detail. Never a stack, a cause, a credential or an
 * AWS identifier (see `textForUsers`).
 */
export function toErrorInfo(error: unknown): AirflowErrorInfo {
  if (isUpstreamError(error)) {
    const { status, detail } = error.details;
    return {
      name: error.name,
      message: textForUsers(error.message),
      upstreamStatus: status,
      detail: detail === undefined ? undefined : textForUsers(detail),
    };
  }
  if (isError(error)) {
    return { name: error.name, message: textForUsers(error.message) };
  }
  return { name: 'Error', message: textForUsers(String(error)) };
}

/** An error in one line, for logs: Airflow's detail included, secrets redacted. */
export function describeError(error: unknown): string {
  if (isUpstreamError(error)) {
    return redactText(
      error.details.detail
        ? `${error.message}: ${error.details.detail}`
        : error.message,
    );
  }
  return redactText(
    isError(error) ? `${error.name}: ${error.message}` : String(error),
  );
}

/** `describeError` for what users read: the audit trail's `error`. */
export function describeErrorForUsers(error: unknown): string {
  return hideAwsIdentifiers(describeError(error));
}

/**
 * The error as Backstage's auditor may log it (it logs the message and
 * stack): same name and status, message redacted, no cause.
 */
export function redactedError(error: unknown): Error {
  const copy = new Error(
    isUpstreamError(error)
      ? describeError(error)
      : redactText(isError(error) ? error.message : String(error)),
  );
  copy.name = isError(error) ? error.name : 'Error';
  return copy;
}
