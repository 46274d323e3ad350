import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';
import { NotImplementedError } from '@backstage/errors';
import type { UpstreamRequest } from '../transport/types';

/** The upstream calls of one environment, as RestAdapter makes them (reads retried, writes never). */
export interface RestCalls {
  environment: string;
  apiVersion: AirflowApiVersion;
  get(path: string, query?: UpstreamRequest['query']): Promise<unknown>;
  write(
    method: 'POST' | 'PATCH' | 'PUT',
    path: string,
    body: unknown,
    query?: UpstreamRequest['query'],
  ): Promise<{ status: number; body: unknown }>;
  /** A path over the connection's limit (MWAA: 64 characters) explained, other errors as they are. */
  explainPathLimit(error: unknown, what: string): unknown;
}

/** Airflow 2's REST API has no such feature: refused before any upstream call. */
export function assertAirflow3(calls: RestCalls, feature: string): void {
  if (calls.apiVersion !== 'v2') {
    throw new NotImplementedError(
      `${feature} are not supported by Airflow 2: environment "${calls.environment}" runs Airflow 2 (REST API v1); they need Airflow 3`,
    );
  }
}
