import { CustomErrorBase } from '@backstage/errors';

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
