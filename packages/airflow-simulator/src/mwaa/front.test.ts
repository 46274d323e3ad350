import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AirflowSimulator, startAirflowSimulator } from '../airflow/simulator';
import { MwaaFront, startMwaaFront } from './front';
import { TEST_CREDENTIALS } from './sigv4';

interface SignOptions {
  secret?: string;
  date?: Date;
  tamperBody?: string;
  region?: string;
}

/** Sends a SigV4-signed request the way an AWS SDK client does. */
async function signed(
  front: MwaaFront,
  method: string,
  path: string,
  body?: unknown,
  opts: SignOptions = {},
) {
  const url = new URL(front.url + path);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => {
    query[k] = v;
  });
  const request = new HttpRequest({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: {
      host: url.host,
      ...(payload ? { 'content-type': 'application/json' } : {}),
    },
    body: payload,
  });
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
      secretAccessKey: opts.secret ?? TEST_CREDENTIALS.secretAccessKey,
    },
    region: opts.region ?? 'us-east-1',
    service: 'airflow',
    sha256: Sha256,
  });
  const s = await signer.sign(request, { signingDate: opts.date });
  const res = await fetch(front.url + path, {
    method,
    headers: s.headers as Record<string, string>,
    body: opts.tamperBody ?? payload,
  });
  const text = await res.text();
  return {
    status: res.status,
    errorType: res.headers.get('x-amzn-errortype'),
    body: text ? JSON.parse(text) : undefined,
  };
}

describe('MWAA front', () => {
  let af3: AirflowSimulator;
  let af2: AirflowSimulator;
  let front: MwaaFront;
  const invoke = (body: unknown, opts?: SignOptions, name = 'mwaa-payments') =>
    signed(front, 'POST', `/restapi/${name}`, body, opts);

  beforeAll(async () => {
    af3 = await startAirflowSimulator({ flavor: 'airflow3', seed: 'mwaa' });
    af2 = await startAirflowSimulator({ flavor: 'airflow2', seed: 'mwaa2' });
    front = await startMwaaFront({
      region: 'us-east-1',
      airflowTimeoutMs: 300,
      environments: {
        'mwaa-payments': { target: af3, airflowVersion: '3.0.6' },
        'mwaa-legacy': { target: af2, airflowVersion: '2.10.3' },
      },
    });
  });
  afterAll(async () => {
    await front.close();
    await Promise.all([af3.close(), af2.close()]);
  });
  afterEach(() => {
    af3.clearFaults();
    front.clearFaults();
  });

  it('forwards a signed InvokeRestApi to /api/v2 with a JWT and repeated query keys', async () => {
    const reply = await invoke({
      Path: '/dags',
      Method: 'GET',
      QueryParameters: {
        tags: ['payments', 'finance'],
        limit: 5,
        paused: null,
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.RestApiStatusCode).toBe(200);
    expect(reply.body.RestApiResponse.dags.map((d: any) => d.dag_id)).toContain(
      'payments_reconcile',
    );
    expect(reply.body.RestApiResponse.dags.length).toBeLessThanOrEqual(5);
    expect(af3.stats().byRoute['GET /api/v2/dags']).toBeGreaterThanOrEqual(1);
    expect(af3.stats().tokenRequests).toBe(1);
    expect(front.stats().invocations['mwaa-payments GET /dags']).toBe(1);
  });

  it('maps Airflow 2 environments onto /api/v1 with basic auth', async () => {
    const reply = await invoke(
      { Path: '/dags/orders_daily_load', Method: 'GET' },
      {},
      'mwaa-legacy',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.RestApiResponse.schedule_interval.__type).toBe(
      'CronExpression',
    );
  });

  it('rejects bad signatures, stale dates and tampered bodies with AccessDeniedException', async () => {
    const body = { Path: '/dags', Method: 'GET' };
    const badSecret = await invoke(body, { secret: 'wrong' });
    expect(badSecret).toMatchObject({
      status: 403,
      errorType: 'AccessDeniedException',
      body: { Message: expect.any(String) },
    });
    const stale = await invoke(body, {
      date: new Date(Date.now() - 10 * 60 * 1000),
    });
    expect(stale.status).toBe(403);
    const tampered = await invoke(body, {
      tamperBody: JSON.stringify({ Path: '/importErrors', Method: 'GET' }),
    });
    expect(tampered.status).toBe(403);
    const wrongRegion = await invoke(body, { region: 'eu-west-1' });
    expect(wrongRegion.status).toBe(403);
    const unsigned = await fetch(`${front.url}/restapi/mwaa-payments`, {
      method: 'POST',
      body: JSON.stringify(body),
    });
    expect(unsigned.status).toBe(403);
    expect(front.stats().signatureFailures).toBeGreaterThanOrEqual(5);
  });

  it('maps Airflow errors and validates input', async () => {
    const missing = await invoke({ Path: '/dags/nope', Method: 'GET' });
    expect(missing).toMatchObject({
      status: 400,
      errorType: 'RestApiClientException',
      body: {
        RestApiStatusCode: 404,
        RestApiResponse: { detail: expect.any(String) },
        message: expect.any(String),
      },
    });
    const trigger422 = await invoke({
      Path: '/dags/orders_daily_load/dagRuns',
      Method: 'POST',
      Body: {},
    });
    expect(trigger422.body.RestApiStatusCode).toBe(422);
    af3.setFaults([{ route: '/api/v2/importErrors', status: 503, count: 1 }]);
    const server = await invoke({ Path: '/importErrors', Method: 'GET' });
    expect(server).toMatchObject({
      status: 400,
      errorType: 'RestApiServerException',
      body: { RestApiStatusCode: 503 },
    });
    expect((await invoke({ Method: 'GET' })).errorType).toBe(
      'ValidationException',
    );
    expect(
      (await invoke({ Path: `/${'x'.repeat(64)}`, Method: 'GET' })).errorType,
    ).toBe('ValidationException');
    expect((await invoke({ Path: '/dags', Method: 'HEAD' })).errorType).toBe(
      'ValidationException',
    );
    expect(
      await invoke({ Path: '/dags', Method: 'GET' }, {}, 'unknown-env'),
    ).toMatchObject({
      status: 404,
      errorType: 'ResourceNotFoundException',
    });
  });

  it('gives InternalServerException when Airflow is too slow', async () => {
    af3.setFaults([{ route: 'GET /api/v2/dags', type: 'hang', count: 1 }]);
    const slow = await invoke({ Path: '/dags', Method: 'GET' });
    expect(slow).toMatchObject({
      status: 500,
      errorType: 'InternalServerException',
      body: { message: expect.any(String) },
    });
  });

  it('describes and lists environments', async () => {
    const env = await signed(front, 'GET', '/environments/mwaa-payments');
    expect(env.body.Environment).toMatchObject({
      Name: 'mwaa-payments',
      Status: 'AVAILABLE',
      AirflowVersion: '3.0.6',
      Arn: expect.stringContaining(':environment/mwaa-payments'),
      CreatedAt: expect.any(Number),
      LastUpdate: { Status: 'SUCCESS', CreatedAt: expect.any(Number) },
    });
    const page1 = await signed(front, 'GET', '/environments?MaxResults=1');
    expect(page1.body.Environments).toEqual(['mwaa-legacy']);
    const page2 = await signed(
      front,
      'GET',
      `/environments?MaxResults=1&NextToken=${page1.body.NextToken}`,
    );
    expect(page2.body).toEqual({ Environments: ['mwaa-payments'] });
    expect(
      (await signed(front, 'GET', '/environments/missing')).errorType,
    ).toBe('ResourceNotFoundException');
  });
});
