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
  service?: string;
  headers?: Record<string, string>;
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
      ...opts.headers,
    },
    body: payload,
  });
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: TEST_CREDENTIALS.accessKeyId,
      secretAccessKey: opts.secret ?? TEST_CREDENTIALS.secretAccessKey,
    },
    region: opts.region ?? 'us-east-1',
    service: opts.service ?? 'airflow',
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
    af3 = await startAirflowSimulator({
      flavor: 'airflow3',
      seed: 'mwaa',
      frozenClock: true,
    });
    af2 = await startAirflowSimulator({
      flavor: 'airflow2',
      seed: 'mwaa2',
      frozenClock: true,
    });
    front = await startMwaaFront({
      region: 'us-east-1',
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
    // A short timeout on a front of its own: Airflow never answers here, and
    // the other tests' calls must not run into it on a busy machine.
    const impatient = await startMwaaFront({
      region: 'us-east-1',
      airflowTimeoutMs: 300,
      environments: { 'mwaa-payments': { target: af3 } },
    });
    try {
      af3.setFaults([{ route: 'GET /api/v2/dags', type: 'hang', count: 1 }]);
      const slow = await signed(impatient, 'POST', '/restapi/mwaa-payments', {
        Path: '/dags',
        Method: 'GET',
      });
      expect(slow).toMatchObject({
        status: 500,
        errorType: 'InternalServerException',
        body: { message: expect.any(String) },
      });
    } finally {
      await impatient.close();
    }
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

  describe('CloudWatch Logs GetLogEvents', () => {
    const getLogEvents = (body: unknown, opts: SignOptions = {}) =>
      signed(front, 'POST', '/', body, {
        service: 'logs',
        ...opts,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Logs_20140328.GetLogEvents',
          ...opts.headers,
        },
      });

    /** A finished try of a task in a `scheduled__…` run (its id has `:`). */
    async function scheduledTry(name: string) {
      const reply = await invoke(
        {
          Path: '/dags/~/dagRuns/~/taskInstances/list',
          Method: 'POST',
          Body: { dag_ids: ['orders_daily_load'], page_limit: 100 },
        },
        {},
        name,
      );
      const ti = reply.body.RestApiResponse.task_instances.find(
        (t: any) =>
          t.dag_run_id.startsWith('scheduled__') &&
          t.try_number > 0 &&
          ['success', 'failed'].includes(t.state),
      );
      expect(ti).toBeDefined();
      return {
        runId: ti.dag_run_id as string,
        taskId: ti.task_id as string,
        tryNumber: ti.try_number as number,
      };
    }

    const streamOf = (t: {
      runId: string;
      taskId: string;
      tryNumber: number;
    }) =>
      `dag_id=orders_daily_load/run_id=${t.runId.replace(/:/g, '_')}/task_id=${
        t.taskId
      }/attempt=${t.tryNumber}.log`;

    it('names the task log group in GetEnvironment', async () => {
      const env = await signed(front, 'GET', '/environments/mwaa-payments');
      expect(env.body.Environment.LoggingConfiguration).toEqual({
        TaskLogs: {
          Enabled: true,
          LogLevel: 'INFO',
          CloudWatchLogGroupArn:
            'arn:aws:logs:us-east-1:123456789012:log-group:airflow-mwaa-payments-Task',
        },
      });
    });

    it('serves an Airflow 3 try as JSON lines, paged with forward tokens', async () => {
      const t = await scheduledTry('mwaa-payments');
      const request = {
        logGroupName: 'airflow-mwaa-payments-Task',
        logStreamName: streamOf(t),
        startFromHead: true,
        limit: 40,
      };
      const pages: { events: any[]; nextForwardToken: string }[] = [];
      const sent: (string | undefined)[] = [];
      let token: string | undefined;
      do {
        sent.push(token);
        const reply = await getLogEvents({ ...request, nextToken: token });
        expect(reply.status).toBe(200);
        pages.push(reply.body);
        token =
          reply.body.nextForwardToken === token
            ? undefined
            : reply.body.nextForwardToken;
      } while (token && pages.length < 20);
      // The last page hands back the token it was given, with no events.
      const last = pages[pages.length - 1];
      expect(last.events).toEqual([]);
      expect(last.nextForwardToken).toBe(sent[sent.length - 1]);
      expect(pages.length).toBeGreaterThan(2);
      const events = pages.flatMap(p => p.events);
      expect(events.every(e => typeof e.timestamp === 'number')).toBe(true);
      const messages: string[] = events.map(e => e.message);
      expect(messages.length).toBeGreaterThan(40);
      const first = JSON.parse(messages[0]);
      expect(first).toMatchObject({
        timestamp: expect.any(String),
        event: expect.stringContaining('Dependencies all met'),
        level: 'info',
      });
      expect(front.stats().logEvents).toEqual(
        expect.objectContaining({
          [`airflow-mwaa-payments-Task ${streamOf(t)}`]: expect.any(Number),
        }),
      );
    });

    it('serves an Airflow 2 try as text lines, by log group ARN', async () => {
      const t = await scheduledTry('mwaa-legacy');
      const reply = await getLogEvents({
        logGroupIdentifier:
          'arn:aws:logs:us-east-1:123456789012:log-group:airflow-mwaa-legacy-Task',
        logStreamName: streamOf(t),
        startFromHead: true,
      });
      expect(reply.status).toBe(200);
      expect(reply.body.events.length).toBeGreaterThan(40);
      expect(reply.body.events[0].message).toMatch(
        /^\[\d{4}-\d{2}-\d{2}T[^\]]+\] \{\w+\.py:\d+\} INFO - Dependencies all met/,
      );
      expect(reply.body.nextForwardToken).toMatch(/^f\//);
    });

    it('answers ResourceNotFoundException for unknown streams and groups', async () => {
      const t = await scheduledTry('mwaa-payments');
      const missingTry = await getLogEvents({
        logGroupName: 'airflow-mwaa-payments-Task',
        logStreamName: streamOf({ ...t, tryNumber: t.tryNumber + 5 }),
      });
      expect(missingTry).toEqual({
        status: 400,
        errorType: 'ResourceNotFoundException',
        body: {
          __type: 'ResourceNotFoundException',
          message: 'The specified log stream does not exist.',
        },
      });
      const badName = await getLogEvents({
        logGroupName: 'airflow-mwaa-payments-Task',
        logStreamName: 'scheduler.log',
      });
      expect(badName.body.__type).toBe('ResourceNotFoundException');
      const badGroup = await getLogEvents({
        logGroupName: 'airflow-nope-Task',
        logStreamName: streamOf(t),
      });
      expect(badGroup.body).toMatchObject({
        __type: 'ResourceNotFoundException',
        message: 'The specified log group does not exist.',
      });
      const badToken = await getLogEvents({
        logGroupName: 'airflow-mwaa-payments-Task',
        logStreamName: streamOf(t),
        nextToken: 'garbage',
      });
      expect(badToken.errorType).toBe('InvalidParameterException');
    });

    it('checks the SigV4 signature for service logs and the operation', async () => {
      const body = {
        logGroupName: 'airflow-mwaa-payments-Task',
        logStreamName: 'x',
      };
      const wrongService = await getLogEvents(body, { service: 'airflow' });
      expect(wrongService).toMatchObject({
        status: 403,
        errorType: 'AccessDeniedException',
      });
      const unknown = await getLogEvents(body, {
        headers: { 'x-amz-target': 'Logs_20140328.DeleteLogGroup' },
      });
      expect(unknown.errorType).toBe('UnknownOperationException');
    });
  });
});
