import { extractAirflowDetail } from './airflowErrorDetail';
import {
  type CallContext,
  httpFailure,
  kindForStatus,
  networkFailure,
  UpstreamError,
} from './errors';

/*
 * AWS's errors as UpstreamErrors: MWAA's InvokeRestApi answers (read from the
 * HTTP response), and what the AWS SDK clients throw (MWAA GetEnvironment,
 * CloudWatch Logs GetLogEvents).
 */

/**
 * The AWS error type of a restJson1 error answer, resolved like the SDK's
 * `loadRestJsonErrorCode`: header `x-amzn-errortype`, then body `code`, then
 * `__type`, keeping only the name (`aws.foo#Name:http://…` → `Name`).
 */
export function resolveMwaaErrorType(
  headers: Headers | Record<string, string | undefined>,
  body: unknown,
): string | undefined {
  const header =
    headers instanceof Headers
      ? headers.get('x-amzn-errortype')
      : headers['x-amzn-errortype'];
  const record = isRecord(body) ? body : {};
  const candidates = [header, record.code, record.__type];
  const raw = candidates.find(
    (c): c is string => typeof c === 'string' && c !== '',
  );
  if (!raw) return undefined;
  let type = raw.split(':')[0];
  if (type.includes('#')) type = type.slice(type.lastIndexOf('#') + 1);
  return type.trim() || undefined;
}

export interface MwaaFailure {
  ctx: CallContext;
  /** The MWAA environment name (`Name`), for messages about MWAA itself. */
  mwaaName: string;
  region: string;
  httpStatus?: number;
  errorType?: string;
  body: unknown;
  /** MWAA's `Retry-After`, in seconds, if it sent one. */
  retryAfterSeconds?: number;
}

const AUTH_TYPES = new Set([
  'AccessDeniedException',
  'InvalidSignatureException',
  'UnrecognizedClientException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/** Maps an MWAA error answer (InvokeRestApi or GetEnvironment) to an UpstreamError. */
export function mwaaFailure(f: MwaaFailure): UpstreamError {
  const { ctx, errorType, httpStatus } = f;
  const body = isRecord(f.body) ? f.body : {};
  const awsMessage = stringOrUndefined(body.message ?? body.Message);
  const aws = { awsErrorType: errorType };

  switch (errorType) {
    case 'RestApiClientException':
    case 'RestApiServerException': {
      // Airflow answered with an error: surface Airflow's status and detail.
      let status = errorType === 'RestApiServerException' ? 500 : 400;
      if (typeof body.RestApiStatusCode === 'number') {
        status = body.RestApiStatusCode;
      }
      return httpFailure(
        ctx,
        status,
        extractAirflowDetail(body.RestApiResponse) ?? awsMessage,
        aws,
      );
    }
    case 'ResourceNotFoundException':
      return new UpstreamError(
        `Airflow environment "${ctx.environment}": MWAA environment "${
          f.mwaaName
        }" was not found in ${f.region}${awsMessage ? `: ${awsMessage}` : ''}`,
        {
          environment: ctx.environment,
          kind: 'http',
          status: 404,
          detail: awsMessage,
          ...aws,
        },
      );
    case 'ValidationException':
      // We check Path length ourselves; a size complaint here is still a limit, not a bug in the call.
      return httpFailure(ctx, 400, awsMessage, {
        ...aws,
        kind: /length|too (long|large)|exceed|limit/i.test(awsMessage ?? '')
          ? 'limit'
          : 'http',
      });
    case 'ThrottlingException':
    case 'TooManyRequestsException':
      return httpFailure(ctx, 429, awsMessage, {
        ...aws,
        kind: 'throttled',
        retryAfterSeconds: f.retryAfterSeconds,
      });
    case 'InternalServerException':
      return httpFailure(
        ctx,
        httpStatus && httpStatus >= 500 ? httpStatus : 500,
        awsMessage,
        { ...aws, kind: 'http' },
      );
    case 'ServiceUnavailableException':
      return httpFailure(ctx, 503, awsMessage, { ...aws, kind: 'http' });
    default:
      break;
  }
  if (errorType && AUTH_TYPES.has(errorType)) {
    return httpFailure(ctx, httpStatus ?? 403, awsMessage, {
      ...aws,
      kind: 'auth',
    });
  }
  const status = httpStatus ?? 500;
  return httpFailure(ctx, status, awsMessage ?? errorType, {
    ...aws,
    kind: kindForStatus(status),
  });
}

/** An AWS SDK v3 exception, as far as its classification needs it. */
export interface AwsServiceException {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

/**
 * What an AWS SDK client call threw. Service exceptions carry `$fault` or
 * `$metadata` and are classified by `special` (errors only that service has),
 * else like MWAA's own errors; anything else never reached AWS: missing
 * credentials, or the network.
 */
export function awsSdkFailure(
  error: unknown,
  where: Pick<MwaaFailure, 'ctx' | 'mwaaName' | 'region'>,
  special?: (e: AwsServiceException) => UpstreamError | undefined,
): UpstreamError {
  const e = error as AwsServiceException | undefined;
  if (!e?.$fault && !e?.$metadata?.httpStatusCode) {
    return e?.name === 'CredentialsProviderError'
      ? credentialsFailure(where.ctx, error)
      : networkFailure(where.ctx, error);
  }
  return (
    special?.(e) ??
    mwaaFailure({
      ...where,
      httpStatus: e.$metadata?.httpStatusCode,
      errorType: e.name,
      body: { message: e.message },
    })
  );
}

/** No usable AWS credentials (empty chain, AssumeRole refused). */
export function credentialsFailure(
  ctx: CallContext,
  cause: unknown,
): UpstreamError {
  const reason = cause instanceof Error ? cause.message : undefined;
  return new UpstreamError(
    `Airflow environment "${
      ctx.environment
    }": could not obtain AWS credentials${reason ? `: ${reason}` : ''}`,
    { environment: ctx.environment, kind: 'auth' },
    cause,
  );
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
