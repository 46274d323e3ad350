import type { AirflowErrorInfo } from '@airflow-portal/plugin-airflow-common';
import { ResponseError } from '@backstage/errors';

/** Reads the backend's error body (with Airflow's status and detail) out of a failed request. */
export function toAirflowErrorInfo(error: Error): AirflowErrorInfo {
  if (error instanceof ResponseError) {
    const cause = error.body.error;
    return {
      name: cause.name,
      message: cause.message,
      upstreamStatus:
        typeof cause.upstreamStatus === 'number'
          ? cause.upstreamStatus
          : undefined,
      detail: typeof cause.detail === 'string' ? cause.detail : undefined,
    };
  }
  return { name: error.name, message: error.message };
}

/** One line for users: Airflow's own answer when there is one, else the backend's message. */
export function describeAirflowError(error: AirflowErrorInfo): string {
  if (error.upstreamStatus !== undefined) {
    const detail = error.detail ?? error.message;
    return `Airflow answered ${error.upstreamStatus}: ${detail}`;
  }
  return error.detail ? `${error.message} (${error.detail})` : error.message;
}

/** HTTP status of the backend's answer, when the error came from a request. */
export function statusCodeOf(error: Error): number | undefined {
  return error instanceof ResponseError ? error.statusCode : undefined;
}
