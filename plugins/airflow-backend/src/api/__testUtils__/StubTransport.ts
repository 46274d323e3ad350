import type { AirflowApiVersion } from '@airflow-portal/plugin-airflow-common';
import { UpstreamError } from '../../transport/errors';
import type {
  AirflowTransport,
  UpstreamRequest,
  UpstreamResponse,
} from '../../transport/types';

/**
 * Answers `METHOD /path` with a fixed body (an `UpstreamError` is thrown
 * instead) and records every request.
 */
export class StubTransport implements AirflowTransport {
  readonly kind = 'basic' as const;
  readonly requests: Array<
    UpstreamRequest & { apiVersion: AirflowApiVersion }
  > = [];

  constructor(private readonly bodies: Record<string, unknown>) {}

  async request(
    apiVersion: AirflowApiVersion,
    req: UpstreamRequest,
  ): Promise<UpstreamResponse> {
    this.requests.push({ ...req, apiVersion });
    const key = `${req.method} ${req.path}`;
    if (!(key in this.bodies)) {
      throw new Error(`unexpected ${key}`);
    }
    const answer = this.bodies[key];
    if (answer instanceof UpstreamError) {
      throw answer;
    }
    return { status: 200, body: answer };
  }

  async detectApiVersion(): Promise<AirflowApiVersion> {
    return 'v2';
  }
}
