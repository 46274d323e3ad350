import { InputError } from '@backstage/errors';
import { isSafeUpstreamPath } from './upstreamPathShape';
import type {
  AirflowApiVersion,
  AirflowLogChunk,
  MwaaEnvironmentInfo,
} from '@airflow-portal/plugin-airflow-common';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { MWAAClient } from '@aws-sdk/client-mwaa';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EnvironmentConfig, MwaaConnectionConfig } from '../config/types';
import {
  type AwsCredentialsProvider,
  createAwsCredentialsProvider,
} from './awsCredentials';
import {
  createCloudWatchLogsClient,
  readCloudWatchTaskLog,
  taskLogStreamName,
} from './cloudWatchTaskLogs';
import {
  type CallContext,
  describeError,
  httpFailure,
  isUpstreamError,
  limitFailure,
  malformedFailure,
  UpstreamError,
} from './errors';
import { sendHttp, tryParseJson } from './http';
import {
  credentialsFailure,
  mwaaFailure,
  resolveMwaaErrorType,
} from './awsErrors';
import {
  apiVersionForAirflow,
  createMwaaClient,
  getMwaaEnvironment,
  type MwaaTaskLogsConfig,
} from './mwaaEnvironment';
import type { BackoffOptions } from './resilience/backoff';
import type { UpstreamReachability } from './resilience/types';
import {
  type CircuitOptions,
  UpstreamPolicy,
} from './resilience/UpstreamPolicy';
import { parseRetryAfter } from './resilience/retryAfter';
import { signJsonPost } from './sigv4';
import type {
  AirflowTransport,
  QueryValue,
  TaskLogKey,
  UpstreamRequest,
  UpstreamResponse,
} from './types';

/** InvokeRestApi's documented limits. */
export const MWAA_LIMITS = {
  maxPathLength: 64,
  timeoutMs: 10_000,
  maxResponseBytes: 6 * 1024 * 1024,
  /** Below InvokeRestApi's documented ~10 transactions per second per environment. */
  requestsPerSecond: 8,
} as const;

export interface MwaaTransportOptions {
  logger: LoggerService;
  fetch?: typeof fetch;
  /** Overrides the AWS credential chain / assumed role (tests, custom setups). */
  credentials?: AwsCredentialsProvider;
  backoff?: BackoffOptions;
  circuit?: CircuitOptions;
  /** Events per CloudWatch Logs page of a task log. */
  logPageSize?: number;
}

/**
 * Reaches Airflow through Amazon MWAA's InvokeRestApi, signed with SigV4.
 * `Path` has no `/api/vN` prefix: MWAA forwards it to the environment's own
 * API version, so `request()` ignores `apiVersion` for routing.
 *
 * Task logs whose path does not fit InvokeRestApi are read from the
 * environment's CloudWatch Logs task log group (`readStoredTaskLog`).
 */
export class MwaaTransport implements AirflowTransport {
  readonly kind = 'mwaa' as const;
  private readonly connection: MwaaConnectionConfig;
  private readonly policy: UpstreamPolicy;
  private readonly credentials: AwsCredentialsProvider;
  private readonly invokeUrl: URL;
  private client?: MWAAClient;
  private logsClient?: CloudWatchLogsClient;
  /** From the last GetEnvironment: where MWAA sends task logs. */
  private taskLogs?: MwaaTaskLogsConfig;

  constructor(
    private readonly env: EnvironmentConfig & {
      connection: MwaaConnectionConfig;
    },
    private readonly options: MwaaTransportOptions,
  ) {
    this.connection = env.connection;
    this.policy = new UpstreamPolicy({
      environment: env.name,
      limits: env.limits,
      logger: options.logger,
      timeoutCeilingMs: MWAA_LIMITS.timeoutMs,
      backoff: options.backoff,
      circuit: options.circuit,
      requestsPerSecond:
        env.limits.requestsPerSecond || MWAA_LIMITS.requestsPerSecond,
      probe: () => this.describeMwaaEnvironment(),
    });
    this.credentials =
      options.credentials ??
      createAwsCredentialsProvider(env.name, env.connection);
    this.invokeUrl = invokeRestApiUrl(env.connection);
  }

  async request(
    _apiVersion: AirflowApiVersion,
    req: UpstreamRequest,
  ): Promise<UpstreamResponse> {
    const path = req.path.startsWith('/') ? req.path : `/${req.path}`;
    // Built by upstreamPath; checked again so no caller can send another shape.
    if (!isSafeUpstreamPath(path)) {
      throw new InputError(
        `Refused to call Airflow with the path ${JSON.stringify(path)}`,
      );
    }
    const ctx: CallContext = {
      environment: this.env.name,
      operation: `${req.method} ${path}`,
    };
    if (path.length > MWAA_LIMITS.maxPathLength) {
      throw limitFailure(
        ctx,
        `MWAA InvokeRestApi accepts a Path of at most ${MWAA_LIMITS.maxPathLength} characters, this one has ${path.length}`,
      );
    }
    const payload = JSON.stringify({
      Path: path,
      Method: req.method,
      QueryParameters: toQueryParameters(req.query),
      Body: req.body,
    });
    return this.logAwsFailures(
      this.policy.run(
        {
          operation: ctx.operation,
          idempotent: req.idempotent,
          lane: req.lane,
          signal: req.signal,
        },
        async signal => {
          const headers = await this.sign(ctx, payload);
          const res = await sendHttp(
            this.fetchImpl,
            this.invokeUrl.toString(),
            { method: 'POST', headers, body: payload, signal },
            ctx,
            Math.min(
              MWAA_LIMITS.maxResponseBytes,
              this.env.limits.maxResponseBytes,
            ),
          );
          return this.toResponse(ctx, res.status, res.headers, res.text);
        },
      ),
    );
  }

  async describeMwaaEnvironment(): Promise<MwaaEnvironmentInfo> {
    const ctx: CallContext = {
      environment: this.env.name,
      operation: `MWAA GetEnvironment ${this.connection.environmentName}`,
    };
    this.client ??= createMwaaClient(this.connection, this.credentials);
    const client = this.client;
    const description = await this.logAwsFailures(
      this.policy.run(
        { operation: ctx.operation, idempotent: true, lane: 'health' },
        signal => getMwaaEnvironment(client, this.connection, ctx, signal),
      ),
    );
    this.taskLogs = description.taskLogs;
    return description.info;
  }

  async readStoredTaskLog(key: TaskLogKey): Promise<AirflowLogChunk> {
    if (!this.taskLogs) {
      await this.describeMwaaEnvironment();
    }
    const taskLogs = this.taskLogs!;
    const ctx: CallContext = {
      environment: this.env.name,
      operation: `CloudWatch Logs GetLogEvents ${taskLogStreamName(key)}`,
    };
    if (taskLogs.enabled === false) {
      const detail = `MWAA environment "${this.connection.environmentName}" does not send task logs to CloudWatch Logs (LoggingConfiguration.TaskLogs is disabled), and the task log path is too long for InvokeRestApi`;
      throw new UpstreamError(
        `Airflow environment "${this.env.name}": ${detail}`,
        { environment: this.env.name, kind: 'http', status: 404, detail },
      );
    }
    this.logsClient ??= createCloudWatchLogsClient(
      this.connection,
      this.credentials,
    );
    const client = this.logsClient;
    return this.logAwsFailures(
      this.policy.run({ operation: ctx.operation, idempotent: true }, signal =>
        readCloudWatchTaskLog({
          client,
          connection: this.connection,
          logGroupName: taskLogs.logGroupName,
          key,
          ctx,
          signal,
          pageSize: this.options.logPageSize,
        }),
      ),
    );
  }

  reachability(): UpstreamReachability {
    return this.policy.reachability();
  }

  async detectApiVersion(): Promise<AirflowApiVersion> {
    const info = await this.describeMwaaEnvironment();
    return apiVersionForAirflow(info.airflowVersion, {
      environment: this.env.name,
      operation: 'MWAA GetEnvironment',
    });
  }

  /**
   * AWS's own failures (credentials, access, throttling; not Airflow's
   * answers that MWAA relays) are logged whole, account ids and role ARNs
   * included: what users see of them leaves those out (see `textForUsers`).
   */
  private async logAwsFailures<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      if (isUpstreamError(error) && isAwsOwnFailure(error)) {
        this.options.logger.warn(describeError(error));
      }
      throw error;
    }
  }

  private get fetchImpl(): typeof fetch {
    return this.options.fetch ?? globalThis.fetch;
  }

  private async sign(
    ctx: CallContext,
    payload: string,
  ): Promise<Record<string, string>> {
    try {
      return await signJsonPost(this.invokeUrl, payload, {
        region: this.connection.region,
        credentials: this.credentials,
      });
    } catch (error) {
      throw isUpstreamError(error) ? error : credentialsFailure(ctx, error);
    }
  }

  private toResponse(
    ctx: CallContext,
    status: number,
    headers: Headers,
    text: string,
  ): UpstreamResponse {
    const body = tryParseJson(text);
    if (status !== 200) {
      throw mwaaFailure({
        ctx,
        mwaaName: this.connection.environmentName,
        region: this.connection.region,
        httpStatus: status,
        errorType: resolveMwaaErrorType(headers, body),
        body,
        retryAfterSeconds: parseRetryAfter(headers.get('retry-after')),
      });
    }
    const result = body as
      | { RestApiStatusCode?: unknown; RestApiResponse?: unknown }
      | undefined;
    if (typeof result?.RestApiStatusCode !== 'number') {
      throw malformedFailure(
        ctx,
        'with an InvokeRestApi result that has no RestApiStatusCode',
        status,
      );
    }
    const airflowStatus = result.RestApiStatusCode;
    if (airflowStatus < 200 || airflowStatus >= 300) {
      throw httpFailure(ctx, airflowStatus);
    }
    return { status: airflowStatus, body: result.RestApiResponse };
  }
}

function isAwsOwnFailure(error: UpstreamError): boolean {
  const type = error.details.awsErrorType;
  return type ? !type.startsWith('RestApi') : error.details.kind === 'auth';
}

/** `env.airflow.<region>.amazonaws.com/restapi/{Name}`, or exactly `<endpoint>/restapi/{Name}`. */
export function invokeRestApiUrl(connection: MwaaConnectionConfig): URL {
  const name = encodeURIComponent(connection.environmentName);
  if (connection.endpoint) {
    return new URL(
      `${connection.endpoint.replace(/\/+$/, '')}/restapi/${name}`,
    );
  }
  const dnsSuffix = connection.region.startsWith('cn-')
    ? 'amazonaws.com.cn'
    : 'amazonaws.com';
  return new URL(
    `https://env.airflow.${connection.region}.${dnsSuffix}/restapi/${name}`,
  );
}

/** MWAA's `QueryParameters` is a JSON document; arrays stay arrays, undefined values are dropped. */
function toQueryParameters(
  query: UpstreamRequest['query'],
): Record<string, QueryValue | QueryValue[]> | undefined {
  const entries = Object.entries(query ?? {}).filter(
    (e): e is [string, QueryValue | QueryValue[]] => e[1] !== undefined,
  );
  return entries.length ? Object.fromEntries(entries) : undefined;
}
