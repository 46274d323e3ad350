import { UpstreamError, type UpstreamFailureKind } from './errors';

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
  extra?: { awsErrorType?: string; kind?: UpstreamFailureKind },
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
    },
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
    { environment: ctx.environment, kind: 'timeout' },
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
