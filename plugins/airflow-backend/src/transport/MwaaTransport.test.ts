import { Sha256 } from '@aws-crypto/sha256-js';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { MwaaConnectionConfig } from '../config/types';
import { createTransport } from './createTransport';
import { MWAA_LIMITS } from './MwaaTransport';
import {
  FAST_BACKOFF,
  mwaaEnv,
  neverAnswers,
  rejectionOf,
  testLogger,
} from './__testUtils__/testUtils';
import { UpstreamPolicy } from './resilience/UpstreamPolicy';
import { DEFAULT_UPSTREAM_LIMITS } from '../config/schema';

const ACCESS_KEY = 'AKIDEXAMPLE';
const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SESSION_TOKEN = 'session-token-secret';
const AWS_HOST = 'https://env.airflow.us-east-1.amazonaws.com';
const INVOKE_URL = `${AWS_HOST}/restapi/demo`;

const server = setupServer();
registerMswTestHooks(server);

const credentials = async () => ({
  accessKeyId: ACCESS_KEY,
  secretAccessKey: SECRET_KEY,
  sessionToken: SESSION_TOKEN,
});

function transportFor(
  connection: Partial<MwaaConnectionConfig> = {},
  limits = {},
) {
  return createTransport(mwaaEnv(connection, limits), {
    logger: testLogger(),
    credentials,
    backoff: FAST_BACKOFF,
  });
}

/** Recomputes the SigV4 signature of a received request, as AWS (and the mwaa-fake) would. */
async function expectValidSignature(request: Request, body: string) {
  const authorization = request.headers.get('authorization')!;
  const match = authorization.match(
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/,
  );
  expect(match).not.toBeNull();
  const [, keyId, , region, service, signedHeaders, signature] = match!;
  expect({ keyId, region, service }).toEqual({
    keyId: ACCESS_KEY,
    region: 'us-east-1',
    service: 'airflow',
  });

  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    headers[name] =
      name === 'host' ? url.host : request.headers.get(name) ?? '';
  }
  expect(signedHeaders.split(';')).toEqual(
    expect.arrayContaining(['host', 'content-type', 'x-amz-date']),
  );
  const amzDate = request.headers.get('x-amz-date')!;
  const signingDate = new Date(
    amzDate.replace(
      /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
      '$1-$2-$3T$4:$5:$6Z',
    ),
  );
  const resigned = await new SignatureV4({
    service: 'airflow',
    region: 'us-east-1',
    credentials,
    sha256: Sha256,
  }).sign(
    new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      headers,
      body,
    }),
    { signingDate },
  );
  expect(resigned.headers.authorization).toContain(`Signature=${signature}`);
}

/** Answers InvokeRestApi calls with `answer` and records them. */
function invokeRestApi(
  answer: (payload: any) => Response | Promise<Response>,
  url = INVOKE_URL,
) {
  const calls: { request: Request; payload: any }[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      const text = await request.clone().text();
      const payload = JSON.parse(text);
      calls.push({ request, payload });
      return answer(payload);
    }),
  );
  return calls;
}

const ok = (body: unknown, status = 200) =>
  HttpResponse.json({ RestApiStatusCode: status, RestApiResponse: body });

const awsError = (type: string, status: number, body: object) =>
  HttpResponse.json(body, {
    status,
    headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/` },
  });

describe('MwaaTransport', () => {
  it('signs InvokeRestApi for service airflow and sends it to env.airflow.<region>.amazonaws.com', async () => {
    let rawBody = '';
    const calls = invokeRestApi(async () => ok({ dags: [], total_entries: 0 }));
    server.events.on('request:start', async ({ request }) => {
      if (request.url === INVOKE_URL) rawBody = await request.clone().text();
    });

    const transport = transportFor();
    const res = await transport.request('v2', {
      method: 'GET',
      path: '/dags',
      query: { tags: ['a', 'b'], limit: 5, paused: false, skip: undefined },
      idempotent: true,
    });
    server.events.removeAllListeners();

    expect(transport.kind).toBe('mwaa');
    expect(res).toEqual({ status: 200, body: { dags: [], total_entries: 0 } });
    expect(calls).toHaveLength(1);
    const { request, payload } = calls[0];
    expect(request.url).toBe(INVOKE_URL);
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('x-amz-security-token')).toBe(SESSION_TOKEN);
    expect(payload).toEqual({
      Path: '/dags',
      Method: 'GET',
      QueryParameters: { tags: ['a', 'b'], limit: 5, paused: false },
    });
    await expectValidSignature(request, rawBody);
  });

  it('sends exactly to <endpoint>/restapi/{Name} when endpoint is set, with a JSON Body', async () => {
    const endpoint = 'http://127.0.0.1:4020';
    const calls = invokeRestApi(
      () => ok({ dag_run_id: 'r1' }),
      `${endpoint}/restapi/my-env_1`,
    );
    const res = await transportFor({
      endpoint,
      environmentName: 'my-env_1',
    }).request('v1', {
      method: 'POST',
      path: '/dags/d/dagRuns',
      body: { conf: { a: 1 } },
      idempotent: false,
    });
    expect(res.body).toEqual({ dag_run_id: 'r1' });
    expect(calls[0].request.url).toBe(`${endpoint}/restapi/my-env_1`);
    expect(calls[0].payload).toEqual({
      Path: '/dags/d/dagRuns',
      Method: 'POST',
      Body: { conf: { a: 1 } },
    });
    expect(calls[0].request.headers.get('authorization')).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/airflow\/aws4_request/,
    );
  });

  it('returns an empty body for Airflow 204', async () => {
    invokeRestApi(() => HttpResponse.json({ RestApiStatusCode: 204 }));
    await expect(
      transportFor().request('v2', {
        method: 'DELETE',
        path: '/dags/x',
        idempotent: false,
      }),
    ).resolves.toEqual({ status: 204, body: undefined });
  });

  describe('error types', () => {
    it.each<[string, Response, object]>([
      [
        'RestApiClientException',
        awsError('RestApiClientException', 400, {
          RestApiStatusCode: 404,
          RestApiResponse: { detail: "DAG with dag_id: 'x' not found" },
        }),
        {
          kind: 'http',
          status: 404,
          detail: "DAG with dag_id: 'x' not found",
          awsErrorType: 'RestApiClientException',
        },
      ],
      [
        'RestApiClientException with a v1 problem body',
        awsError('RestApiClientException', 400, {
          RestApiStatusCode: 409,
          RestApiResponse: { title: 'Conflict', status: 409, detail: 'exists' },
        }),
        { kind: 'http', status: 409, detail: 'exists' },
      ],
      [
        'RestApiServerException',
        awsError('RestApiServerException', 400, {
          RestApiStatusCode: 500,
          RestApiResponse: { detail: 'boom' },
        }),
        {
          kind: 'http',
          status: 500,
          detail: 'boom',
          awsErrorType: 'RestApiServerException',
        },
      ],
      [
        'AccessDeniedException',
        awsError('AccessDeniedException', 403, {
          Message: 'User is not authorized to perform airflow:InvokeRestApi',
        }),
        {
          kind: 'auth',
          status: 403,
          detail: 'User is not authorized to perform airflow:InvokeRestApi',
          awsErrorType: 'AccessDeniedException',
        },
      ],
      [
        'ResourceNotFoundException',
        awsError('ResourceNotFoundException', 404, {
          message: 'Environment not found',
        }),
        {
          kind: 'http',
          status: 404,
          awsErrorType: 'ResourceNotFoundException',
        },
      ],
      [
        'ValidationException',
        awsError('ValidationException', 400, {
          message: 'Method must be one of GET, PUT, POST, PATCH, DELETE',
        }),
        { kind: 'http', status: 400, awsErrorType: 'ValidationException' },
      ],
      [
        'ValidationException about a length',
        awsError('ValidationException', 400, {
          message:
            "Value at 'path' failed to satisfy constraint: Member must have length less than or equal to 64",
        }),
        { kind: 'limit', status: 400, awsErrorType: 'ValidationException' },
      ],
      [
        'ThrottlingException',
        awsError('ThrottlingException', 429, { message: 'Rate exceeded' }),
        { kind: 'throttled', status: 429, awsErrorType: 'ThrottlingException' },
      ],
      [
        'InternalServerException',
        awsError('InternalServerException', 500, { message: 'Timed out' }),
        {
          kind: 'http',
          status: 500,
          detail: 'Timed out',
          awsErrorType: 'InternalServerException',
        },
      ],
      [
        'ServiceUnavailableException',
        awsError('ServiceUnavailableException', 503, { message: 'later' }),
        { kind: 'http', status: 503 },
      ],
      [
        'an error type in the body __type',
        HttpResponse.json(
          {
            __type: 'com.amazonaws.mwaa#AccessDeniedException',
            Message: 'denied',
          },
          { status: 403 },
        ),
        { kind: 'auth', awsErrorType: 'AccessDeniedException' },
      ],
      [
        'an error type in the body code',
        HttpResponse.json(
          { code: 'ThrottlingException', message: 'slow' },
          { status: 400 },
        ),
        { kind: 'throttled', awsErrorType: 'ThrottlingException' },
      ],
      [
        'a plain 429',
        new HttpResponse('Too Many Requests', { status: 429 }),
        { kind: 'throttled', status: 429 },
      ],
      [
        'an unknown 403 (e.g. InvalidSignatureException)',
        awsError('InvalidSignatureException', 403, { message: 'bad sig' }),
        { kind: 'auth', status: 403 },
      ],
    ])('maps %s', async (_, response, expected) => {
      invokeRestApi(() => response);
      const error = await rejectionOf(
        transportFor({}, { readRetries: 0 }).request('v2', {
          method: 'GET',
          path: '/dags/x',
          idempotent: true,
        }),
      );
      expect(error.name).toBe('UpstreamError');
      expect(error.details).toMatchObject({
        environment: 'mwaa-prod',
        ...expected,
      });
      expect(error.message).toContain('Airflow environment "mwaa-prod"');
      expect(error.message).not.toContain(SECRET_KEY);
      expect(error.message).not.toContain(SESSION_TOKEN);
    });

    it('names the MWAA environment when it does not exist', async () => {
      invokeRestApi(() =>
        awsError('ResourceNotFoundException', 404, { message: 'nope' }),
      );
      const error = await rejectionOf(
        transportFor().request('v2', {
          method: 'GET',
          path: '/dags',
          idempotent: true,
        }),
      );
      expect(error.message).toContain(
        'MWAA environment "demo" was not found in us-east-1',
      );
    });
  });

  it.each(['/dags/orders/../logs/1', '/dags/%2e%2e/logs/1', '/dags/x?y'])(
    'refuses the Path %j, which is not one the adapter builds, without sending anything',
    async path => {
      const calls = invokeRestApi(() => ok({}));
      await expect(
        transportFor().request('v2', { method: 'GET', path, idempotent: true }),
      ).rejects.toMatchObject({ name: 'InputError' });
      expect(calls).toHaveLength(0);
    },
  );

  it('refuses a Path longer than 64 characters without sending anything', async () => {
    const calls = invokeRestApi(() => ok({}));
    const path = `/dags/${'d'.repeat(40)}/dagRuns/${'r'.repeat(20)}`;
    expect(path.length).toBeGreaterThan(64);
    const error = await rejectionOf(
      transportFor().request('v2', { method: 'GET', path, idempotent: true }),
    );
    expect(error.details).toEqual({ environment: 'mwaa-prod', kind: 'limit' });
    expect(error.message).toContain('at most 64 characters');
    expect(calls).toHaveLength(0);

    const exactly64 = `/dags/${'d'.repeat(58)}`;
    expect(exactly64).toHaveLength(64);
    await transportFor().request('v2', {
      method: 'GET',
      path: exactly64,
      idempotent: true,
    });
    expect(calls).toHaveLength(1);
  });

  it('times out, capped at the 10 s InvokeRestApi limit', async () => {
    invokeRestApi(neverAnswers);
    const error = await rejectionOf(
      transportFor({}, { timeoutMs: 50, readRetries: 0 }).request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      }),
    );
    expect(error.details).toEqual({
      environment: 'mwaa-prod',
      kind: 'timeout',
    });

    const policy = new UpstreamPolicy({
      environment: 'x',
      limits: { ...DEFAULT_UPSTREAM_LIMITS, timeoutMs: 60_000 },
      logger: testLogger(),
      timeoutCeilingMs: MWAA_LIMITS.timeoutMs,
    });
    expect(policy.timeoutMs).toBe(10_000);
  });

  it.each([
    ['with content-length', true],
    ['streamed', false],
  ])('rejects responses over 6 MB (%s)', async (_, withLength) => {
    const big = JSON.stringify({
      RestApiStatusCode: 200,
      RestApiResponse: { log: 'x'.repeat(MWAA_LIMITS.maxResponseBytes) },
    });
    invokeRestApi(() => {
      if (withLength) {
        return new HttpResponse(big, {
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(big)),
          },
        });
      }
      const bytes = Buffer.from(big);
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 1 << 20) {
            controller.enqueue(bytes.subarray(i, i + (1 << 20)));
          }
          controller.close();
        },
      });
      return new HttpResponse(stream);
    });
    const error = await rejectionOf(
      transportFor().request('v2', {
        method: 'GET',
        path: '/dags/d/dagRuns/r/taskInstances/t/logs/1',
        idempotent: true,
      }),
    );
    expect(error.details).toMatchObject({ kind: 'limit' });
    expect(error.message).toContain('6 MB');
  });

  it('retries idempotent reads on RestApiServerException 503, never writes', async () => {
    const calls = invokeRestApi(payload =>
      calls.length <= 2
        ? awsError('RestApiServerException', 400, {
            RestApiStatusCode: 503,
            RestApiResponse: { detail: 'unavailable' },
          })
        : ok({ method: payload.Method }),
    );
    await expect(
      transportFor().request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      }),
    ).resolves.toEqual({ status: 200, body: { method: 'GET' } });
    expect(calls).toHaveLength(3);

    const writes = invokeRestApi(() =>
      awsError('RestApiServerException', 400, {
        RestApiStatusCode: 503,
        RestApiResponse: { detail: 'unavailable' },
      }),
    );
    const error = await rejectionOf(
      transportFor().request('v2', {
        method: 'POST',
        path: '/dags/d/dagRuns',
        body: {},
        idempotent: false,
      }),
    );
    expect(error.details).toMatchObject({ kind: 'http', status: 503 });
    expect(writes).toHaveLength(1);
  });

  it('retries ThrottlingException for reads', async () => {
    const calls = invokeRestApi(() =>
      calls.length <= 2
        ? awsError('ThrottlingException', 429, { message: 'Rate exceeded' })
        : ok({}),
    );
    await transportFor().request('v2', {
      method: 'GET',
      path: '/dags',
      idempotent: true,
    });
    expect(calls).toHaveLength(3);
  });

  it.each([
    ['not JSON', () => HttpResponse.text('<html/>')],
    ['without RestApiStatusCode', () => HttpResponse.json({ hello: 1 })],
  ])('maps a 200 answer %s to malformed', async (_, answer) => {
    invokeRestApi(answer);
    const error = await rejectionOf(
      transportFor().request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      }),
    );
    expect(error.details).toMatchObject({ kind: 'malformed' });
  });

  it('maps missing AWS credentials to auth without sending', async () => {
    const calls = invokeRestApi(() => ok({}));
    const transport = createTransport(mwaaEnv(), {
      logger: testLogger(),
      credentials: () =>
        Promise.reject(
          new Error('Could not load credentials from any providers'),
        ),
    });
    const error = await rejectionOf(
      transport.request('v2', {
        method: 'GET',
        path: '/dags',
        idempotent: true,
      }),
    );
    expect(error.details).toEqual({ environment: 'mwaa-prod', kind: 'auth' });
    expect(error.message).toContain('could not obtain AWS credentials');
    expect(calls).toHaveLength(0);
  });

  describe('GetEnvironment', () => {
    const environment = (airflowVersion: string) => ({
      Environment: {
        Name: 'demo',
        Status: 'AVAILABLE',
        AirflowVersion: airflowVersion,
        WebserverUrl: 'abc.airflow.us-east-1.on.aws',
        Arn: 'arn:aws:airflow:us-east-1:123456789012:environment/demo',
        CreatedAt: 1700000000,
      },
    });

    it('describes the environment via api.airflow.<region>.amazonaws.com', async () => {
      let authorization: string | null = null;
      server.use(
        http.get(
          'https://api.airflow.us-east-1.amazonaws.com/environments/demo',
          ({ request }) => {
            authorization = request.headers.get('authorization');
            return HttpResponse.json(environment('3.0.6'));
          },
        ),
      );
      const transport = transportFor();
      await expect(transport.describeMwaaEnvironment!()).resolves.toEqual({
        environmentName: 'demo',
        region: 'us-east-1',
        status: 'AVAILABLE',
        airflowVersion: '3.0.6',
        webserverUrl: 'https://abc.airflow.us-east-1.on.aws',
      });
      expect(authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/airflow\/aws4_request/,
      );
      await expect(transport.detectApiVersion()).resolves.toBe('v2');
    });

    it('uses the endpoint override without host prefix and maps 2.x to v1', async () => {
      server.use(
        http.get('http://127.0.0.1:4020/environments/demo', () =>
          HttpResponse.json(environment('2.10.3')),
        ),
      );
      await expect(
        transportFor({ endpoint: 'http://127.0.0.1:4020' }).detectApiVersion(),
      ).resolves.toBe('v1');
    });

    it('maps ResourceNotFoundException naming the MWAA environment', async () => {
      server.use(
        http.get('http://127.0.0.1:4020/environments/demo', () =>
          awsError('ResourceNotFoundException', 404, {
            message: 'Environment demo not found',
          }),
        ),
      );
      const error = await rejectionOf(
        transportFor({ endpoint: 'http://127.0.0.1:4020' })
          .describeMwaaEnvironment!(),
      );
      expect(error.details).toMatchObject({
        kind: 'http',
        status: 404,
        awsErrorType: 'ResourceNotFoundException',
      });
      expect(error.message).toContain('MWAA environment "demo" was not found');
    });

    it('maps AccessDeniedException to auth', async () => {
      server.use(
        http.get('http://127.0.0.1:4020/environments/demo', () =>
          awsError('AccessDeniedException', 403, { Message: 'denied' }),
        ),
      );
      const error = await rejectionOf(
        transportFor({ endpoint: 'http://127.0.0.1:4020' })
          .describeMwaaEnvironment!(),
      );
      expect(error.details).toMatchObject({ kind: 'auth', status: 403 });
    });

    it('rejects an unknown Airflow version', async () => {
      server.use(
        http.get('http://127.0.0.1:4020/environments/demo', () =>
          HttpResponse.json(environment('1.10.12')),
        ),
      );
      const error = await rejectionOf(
        transportFor({ endpoint: 'http://127.0.0.1:4020' }).detectApiVersion(),
      );
      expect(error.details.kind).toBe('malformed');
    });
  });
});
