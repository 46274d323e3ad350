import { AirflowSimulator } from '../airflow/simulator';
import { FaultSpec } from '../http/faults';
import { Router } from '../http/router';
import { SimHttpServer } from '../http/server';
import { StatsSnapshot } from '../http/stats';
import { Handler, HttpResponse, RequestContext } from '../http/types';
import { AirflowClient, AirflowTarget, toQuery } from './airflowClient';
import {
  GET_LOG_EVENTS_TARGET,
  getLogEvents,
  logsError,
} from './cloudWatchLogs';
import {
  accessDenied,
  awsError,
  internal,
  notFound,
  ok,
  validation,
} from './errors';
import { AwsCredentials, TEST_CREDENTIALS, verifySigV4 } from './sigv4';
import { SimulatedRole, SimulatedSts, stsError } from './sts';
import { SimulatedWebLogin } from './webLogin';

export interface MwaaEnvironmentOptions {
  /** A started simulator (its first user is used) or an explicit URL and credentials. */
  target:
    | AirflowSimulator
    | { url: string; username?: string; password?: string };
  /** e.g. `3.0.6` or `2.10.3`; defaults from the simulator flavour. */
  airflowVersion?: string;
}

export interface MwaaFrontOptions {
  port?: number;
  host?: string;
  region?: string;
  credentials?: AwsCredentials | AwsCredentials[];
  environments: Record<string, MwaaEnvironmentOptions>;
  latencyMs?: number;
  /** InvokeRestApi gives up on Airflow after this long (MWAA: 10 s). */
  airflowTimeoutMs?: number;
  /** Largest Airflow response InvokeRestApi relays (MWAA: 6 MB). */
  maxResponseBytes?: number;
  accountId?: string;
  /**
   * IAM roles the simulated STS (`POST /`, `Action=AssumeRole`) lets any
   * known credentials assume. Their sessions, and only those, may create
   * web login tokens (CreateWebLoginToken): a token signed by anyone else is
   * refused, so tests can prove which identity created it.
   */
  roles?: SimulatedRole[];
}

export interface MwaaFront {
  url: string;
  port: number;
  region: string;
  setFaults(faults: FaultSpec[]): void;
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  stats(): MwaaFrontStats;
  resetStats(): void;
  close(): Promise<void>;
}

export interface MwaaFrontStats extends StatsSnapshot {
  invocations: Record<string, number>;
  /** CloudWatch Logs GetLogEvents calls, by `<log group> <log stream>`. */
  logEvents: Record<string, number>;
  signatureFailures: number;
  /** Web login tokens created, by IAM identity (`assumed-role/<role>/<session>`). */
  webLoginTokens: Record<string, number>;
  /** CreateWebLoginToken calls refused, by the access key id that signed them. */
  webLoginRefusals: Record<string, number>;
}

const FAULT_CODES: Record<number, string> = {
  429: 'ThrottlingException',
  503: 'ServiceUnavailableException',
};
const METHODS = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];
const NAME_RE = /^[a-zA-Z][0-9a-zA-Z-_]*$/;

interface EnvRecord {
  name: string;
  airflowVersion: string;
  majorVersion: 2 | 3;
  client: AirflowClient;
  createdAt: number;
}

/** The CloudWatch Logs group MWAA sends an environment's task logs to. */
const taskLogGroup = (name: string) => `airflow-${name}-Task`;

function isSimulator(
  t: MwaaEnvironmentOptions['target'],
): t is AirflowSimulator {
  return typeof (t as AirflowSimulator).stats === 'function';
}

/**
 * Starts an Amazon MWAA-compatible endpoint (InvokeRestApi, GetEnvironment,
 * ListEnvironments) that also answers CloudWatch Logs' GetLogEvents for the
 * environments' task log groups (`POST /`, `X-Amz-Target`, service `logs`).
 */
export async function startMwaaFront(
  options: MwaaFrontOptions,
): Promise<MwaaFront> {
  const region = options.region ?? 'us-east-1';
  const account = options.accountId ?? '123456789012';
  const credentials = ([] as AwsCredentials[]).concat(
    options.credentials ?? TEST_CREDENTIALS,
  );
  const timeoutMs = options.airflowTimeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 6 * 1024 * 1024;
  const envs = new Map<string, EnvRecord>();
  const bootSeconds = Math.floor(Date.now() / 1000) - 86400 * 30;
  for (const [name, env] of Object.entries(options.environments)) {
    const t = env.target;
    const version =
      env.airflowVersion ??
      (isSimulator(t) && t.flavor === 'airflow2' ? '2.10.3' : '3.0.6');
    const target: AirflowTarget = isSimulator(t)
      ? {
          url: t.url,
          username: t.users[0].username,
          password: t.users[0].password,
          majorVersion: version.startsWith('2') ? 2 : 3,
        }
      : {
          url: t.url,
          username: t.username ?? 'admin',
          password: t.password ?? 'admin',
          majorVersion: version.startsWith('2') ? 2 : 3,
        };
    envs.set(name, {
      name,
      airflowVersion: version,
      majorVersion: target.majorVersion,
      client: new AirflowClient(target),
      createdAt: bootSeconds,
    });
  }

  // Handlers are built before the server and handle exist; they reach them through this.
  const ref: { server?: SimHttpServer; handle?: MwaaFront } = {};
  const sts = new SimulatedSts(options.roles ?? [], account);
  const signedBy =
    (
      known: () => AwsCredentials[],
      handler: Handler,
      service = 'airflow',
    ): Handler =>
    async ctx => {
      const problem = await verifySigV4(ctx, known(), region, service);
      if (problem) {
        ref.server!.stats.increment('signatureFailures', ctx.template);
        if (service === 'logs') {
          return logsError(403, 'AccessDeniedException', problem);
        }
        return service === 'sts'
          ? stsError(403, 'SignatureDoesNotMatch', problem)
          : accessDenied(problem);
      }
      return handler(ctx);
    };
  const signed = (handler: Handler, service = 'airflow'): Handler =>
    signedBy(() => credentials, handler, service);
  const webLogin = new SimulatedWebLogin(
    sts,
    name =>
      envs.has(name) ? `${name}.${region}.airflow.amazonaws.com` : undefined,
    {
      created: identity =>
        ref.server!.stats.increment('webLoginTokens', identity),
      refused: keyId => ref.server!.stats.increment('webLoginRefusals', keyId),
    },
  );

  const environment = (env: EnvRecord) => ({
    Name: env.name,
    Status: 'AVAILABLE',
    AirflowVersion: env.airflowVersion,
    Arn: `arn:aws:airflow:${region}:${account}:environment/${env.name}`,
    WebserverUrl: `${env.name}.${region}.airflow.amazonaws.com`,
    WebserverAccessMode: 'PUBLIC_ONLY',
    EnvironmentClass: 'mw1.small',
    MaxWorkers: 10,
    MinWorkers: 1,
    Schedulers: 2,
    MinWebservers: 2,
    MaxWebservers: 2,
    EndpointManagement: 'SERVICE',
    ExecutionRoleArn: `arn:aws:iam::${account}:role/service-role/AmazonMWAA-${env.name}`,
    ServiceRoleArn: `arn:aws:iam::${account}:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA`,
    SourceBucketArn: `arn:aws:s3:::airflow-${env.name}`,
    DagS3Path: 'dags',
    LoggingConfiguration: {
      TaskLogs: {
        Enabled: true,
        LogLevel: 'INFO',
        CloudWatchLogGroupArn: `arn:aws:logs:${region}:${account}:log-group:${taskLogGroup(
          env.name,
        )}`,
      },
    },
    WeeklyMaintenanceWindowStart: 'SUN:03:00',
    CreatedAt: env.createdAt,
    LastUpdate: {
      Status: 'SUCCESS',
      CreatedAt: env.createdAt + 3600,
      Source: 'CUSTOMER',
    },
    Tags: { team: 'data-platform' },
  });

  const invoke: Handler = async (
    ctx: RequestContext,
  ): Promise<HttpResponse> => {
    const name = ctx.params.Name;
    if (name.length > 80 || !NAME_RE.test(name)) {
      return validation(
        `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z][0-9a-zA-Z-_]*$`,
      );
    }
    let body: Record<string, any>;
    try {
      body = JSON.parse(ctx.body.toString('utf8') || '{}');
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new Error('not an object');
    } catch {
      return validation('Request body must be a JSON object');
    }
    const {
      Path: path,
      Method: method,
      QueryParameters: query,
      Body: payload,
    } = body;
    if (typeof path !== 'string' || path.length < 1 || path.length > 64) {
      return validation(
        "1 validation error detected: Value at 'path' failed to satisfy constraint: Member must have length between 1 and 64",
      );
    }
    if (typeof method !== 'string' || !METHODS.includes(method)) {
      return validation(
        `1 validation error detected: Value '${method}' at 'method' failed to satisfy constraint: Member must satisfy enum value set: [GET, PUT, POST, PATCH, DELETE]`,
      );
    }
    const env = envs.get(name);
    if (!env) return notFound(`Environment ${name} not found`);
    ref.server!.stats.increment('invocations', `${name} ${method} ${path}`);
    const reply = await env.client.call(
      method,
      path.startsWith('/') ? path : `/${path}`,
      toQuery(query),
      payload ?? undefined,
      { timeoutMs, maxBytes },
    );
    if (reply.kind === 'timeout')
      return internal(
        'The Airflow REST API did not respond within 10 seconds.',
      );
    if (reply.kind === 'too_large')
      return internal('The Airflow REST API response exceeds the 6 MB limit.');
    if (reply.kind === 'unreachable')
      return internal('Unable to reach the Apache Airflow web server.');
    let data: unknown;
    if (reply.body.length > 0) {
      try {
        data = JSON.parse(reply.body.toString('utf8'));
      } catch {
        return internal(
          'The Airflow REST API returned a response that is not valid JSON.',
        );
      }
    }
    const result: Record<string, unknown> = { RestApiStatusCode: reply.status };
    if (data !== undefined) result.RestApiResponse = data;
    if (reply.status < 400) return ok(result);
    const code =
      reply.status >= 500 ? 'RestApiServerException' : 'RestApiClientException';
    return awsError(400, code, {
      ...result,
      message: `Airflow REST API returned status code ${reply.status}`,
    });
  };

  const envByLogGroup = (group: string) =>
    [...envs.values()].find(e => taskLogGroup(e.name) === group);

  /** CloudWatch Logs (awsJson1_1): the operation is named by `X-Amz-Target`. */
  const logs: Handler = async ctx => {
    const target = ctx.req.headers['x-amz-target'];
    if (target !== GET_LOG_EVENTS_TARGET) {
      return logsError(
        400,
        'UnknownOperationException',
        `Unknown operation ${String(target ?? '')}`.trim(),
      );
    }
    const response = await getLogEvents(ctx.body, {
      clientForGroup: group => envByLogGroup(group)?.client,
      majorVersionForGroup: group => envByLogGroup(group)?.majorVersion,
      limits: { timeoutMs, maxBytes },
    });
    if (response.status === 200) {
      const { logGroupName, logGroupIdentifier, logStreamName } = JSON.parse(
        ctx.body.toString('utf8'),
      );
      ref.server!.stats.increment(
        'logEvents',
        `${logGroupName ?? logGroupIdentifier} ${logStreamName}`,
      );
    }
    return response;
  };

  // CloudWatch Logs names its operation in X-Amz-Target; STS in its form body.
  const logsOrSts: Handler = ctx =>
    ctx.req.headers['x-amz-target'] !== undefined
      ? signed(logs, 'logs')(ctx)
      : signed(c => sts.assumeRole(c), 'sts')(ctx);

  const router = new Router()
    .add('POST', '/', logsOrSts)
    .add('POST', '/restapi/{Name}', signed(invoke))
    // Verified against every known key, so that a valid signature of the
    // wrong identity is told apart from a bad signature.
    .add(
      'POST',
      '/webtoken/{Name}',
      signedBy(
        () => [...credentials, ...sts.credentials()],
        ctx => webLogin.createToken(ctx),
      ),
    )
    .add('GET', '/aws_mwaa/aws-console-sso', () => webLogin.signInPage())
    .add('POST', '/aws_mwaa/login', ctx => webLogin.login(ctx))
    .add(
      'GET',
      '/environments/{Name}',
      signed(ctx => {
        const env = envs.get(ctx.params.Name);
        return env
          ? ok({ Environment: environment(env) })
          : notFound(`Environment ${ctx.params.Name} not found`);
      }),
    )
    .add(
      'GET',
      '/environments',
      signed(ctx => {
        const raw = ctx.query.get('MaxResults');
        const max = raw === null ? 25 : Number(raw);
        if (!Number.isInteger(max) || max < 1 || max > 25) {
          return validation(
            "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 25",
          );
        }
        const token = ctx.query.get('NextToken');
        const start = token
          ? Number(Buffer.from(token, 'base64url').toString('utf8'))
          : 0;
        if (!Number.isInteger(start) || start < 0)
          return validation('Invalid NextToken');
        const names = [...envs.keys()].sort();
        const page = names.slice(start, start + max);
        const out: Record<string, unknown> = { Environments: page };
        if (start + max < names.length)
          out.NextToken = Buffer.from(String(start + max)).toString(
            'base64url',
          );
        return ok(out);
      }),
    );

  ref.server = new SimHttpServer({
    router,
    seed: `mwaa:${region}`,
    latencyMs: options.latencyMs,
    notFound: () =>
      awsError(404, 'UnknownOperationException', {
        message: 'Unknown operation',
      }),
    methodNotAllowed: () =>
      awsError(404, 'UnknownOperationException', {
        message: 'Unknown operation',
      }),
    faultBody: status =>
      status === 429
        ? { message: 'Rate exceeded' }
        : { message: 'Internal server error' },
    faultHeaders: status => ({
      'x-amzn-errortype': FAULT_CODES[status] ?? 'InternalServerException',
    }),
    statsView: () => ref.handle!.stats(),
  });
  const host = options.host ?? '127.0.0.1';
  const port = await ref.server.listen(options.port ?? 0, host);
  const srv = ref.server;
  const handle: MwaaFront = {
    url: `http://${host}:${port}`,
    port,
    region,
    setFaults: f => srv.faults.set(f),
    addFault: f => {
      srv.faults.add(f);
    },
    clearFaults: () => srv.faults.clear(),
    setLatency: ms => {
      srv.latencyMs = ms;
    },
    stats: () => {
      const snap = srv.stats.snapshot();
      const failures = Object.values(
        snap.counters.signatureFailures ?? {},
      ).reduce((a, b) => a + b, 0);
      return {
        ...snap,
        invocations: snap.counters.invocations ?? {},
        logEvents: snap.counters.logEvents ?? {},
        signatureFailures: failures,
        webLoginTokens: snap.counters.webLoginTokens ?? {},
        webLoginRefusals: snap.counters.webLoginRefusals ?? {},
      };
    },
    resetStats: () => srv.stats.reset(),
    close: () => srv.close(),
  };
  ref.handle = handle;
  return handle;
}
