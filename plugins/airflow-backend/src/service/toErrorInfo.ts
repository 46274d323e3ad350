import type { AirflowErrorInfo } from '@airflow-portal/plugin-airflow-common';
import { isError } from '@backstage/errors';
import { isUpstreamError } from '../transport/errors';

/** An error as shown to the browser: name, message and Airflow's status/detail; no stack, no cause. */
export function toErrorInfo(error: unknown): AirflowErrorInfo {
  if (isUpstreamError(error)) {
    return {
      name: error.name,
      message: error.message,
      upstreamStatus: error.details.status,
      detail: error.details.detail,
    };
  }
  if (isError(error)) {
    return { name: error.name, message: error.message };
  }
  return { name: 'Error', message: String(error) };
}
