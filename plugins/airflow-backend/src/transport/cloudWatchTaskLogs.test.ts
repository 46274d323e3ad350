import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createApiAdapter } from '../api/createApiAdapter';
import type { MwaaConnectionConfig } from '../config/types';
import {
  mapCloudWatchEvent,
  taskLogStreamName,
  unwrapForwardToken,
  wrapForwardToken,
} from './cloudWatchTaskLogs';
import { createTransport } from './createTransport';
import type { AirflowTransport, TaskLogKey } from './types';
import {
  FAST_BACKOFF,
  mwaaEnv,
  rejectionOf,
  testLogger,
} from './__testUtils__/testUtils';

const LOGS_URL = 'https://logs.us-east-1.amazonaws.com/';
const ENVIRONMENT_URL =
  'https://api.airflow.us-east-1.amazonaws.com/environments/demo';
const INVOKE_URL = 'https://env.airflow.us-east-1.amazonaws.com/restapi/demo';
const GROUP_ARN =
  'arn:aws:logs:us-east-1:123456789012:log-group:airflow-demo-Task';

const server = setupServer();
registerMswTestHooks(server);

const credentials = async () => ({
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
});

const RUN_ID = 'scheduled__2026-11-22T07:00:00+00:00';
const key = (overrides: Partial<TaskLogKey> = {}): TaskLogKey => ({
  dagId: 'data_quality_checks',
  runId: RUN_ID,
  taskId: 'check_rows',
  tryNumber: 2,
  mapIndex: -1,
  ...overrides,
});
const STREAM =
  'dag_id=data_quality_checks/run_id=scheduled__2026-11-22T07_00_00+00_00/task_id=check_rows/attempt=2.log';

function transportFor(
  connection: Partial<MwaaConnectionConfig> = {},
  limits = {},
): AirflowTransport {
  return createTransport(mwaaEnv(connection, limits), {
    logger: testLogger(),
    credentials,
    backoff: FAST_BACKOFF,
  });
}

/** GetEnvironment, with `taskLogs` as `LoggingConfiguration.TaskLogs` (omitted when undefined). */
function getEnvironment(taskLogs?: object) {
  const calls: Request[] = [];
  server.use(
    http.get(ENVIRONMENT_URL, ({ request }) => {
      calls.push(request);
      return HttpResponse.json({
        Environment: {
          Name: 'demo',
          Status: 'AVAILABLE',
          AirflowVersion: '3.0.6',
          ...(taskLogs ? { LoggingConfiguration: { TaskLogs: taskLogs } } : {}),
        },
      });
    }),
  );
  return calls;
}

/** Answers GetLogEvents with `answer` and records the requests. */
function getLogEvents(answer: (input: any) => Response) {
  const calls: { request: Request; input: any }[] = [];
  server.use(
    http.post(LOGS_URL, async ({ request }) => {
      const input = JSON.parse(await request.clone().text());
      calls.push({ request, input });
      return answer(input);
    }),
  );
  return calls;
}

const logsError = (type: string, status: number, message: string) =>
  HttpResponse.json(
    { __type: type, message },
    {
      status,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': type,
      },
    },
  );

const events = (from: number, count: number, json = true) =>
  Array.from({ length: count }, (_, i) => ({
    timestamp: Date.UTC(2026, 10, 22, 7, 0, from + i),
    ingestionTime: Date.UTC(2026, 10, 22, 7, 1),
    message: json
      ? JSON.stringify({
          timestamp: new Date(
            Date.UTC(2026, 10, 22, 7, 0, from + i),
          ).toISOString(),
          event: `line ${from + i}`,
          level: 'info',
          logger: 'airflow.task',
        })
      : `[2026-11-22T07:00:0${i}.000+0000] {taskinstance.py:1157} WARNING - line ${
          from + i
        }`,
  }));

/** A stream of `total` events served `limit` at a time with `f/<pos>` tokens. */
function streamOf(total: number, json = true) {
  return (input: any) => {
    const start = input.nextToken ? Number(input.nextToken.slice(2)) : 0;
    const end = Math.min(total, start + input.limit);
    return HttpResponse.json({
      events: events(start, end - start, json),
      nextForwardToken: `f/${end}`,
      nextBackwardToken: `b/${start}`,
    });
  };
}

describe('task logs from CloudWatch Logs', () => {
  describe('naming', () => {
    it('renders Airflow default log_filename_template with ":" replaced', () => {
      expect(taskLogStreamName(key())).toBe(STREAM);
      expect(taskLogStreamName(key({ mapIndex: 3, tryNumber: 1 }))).toBe(
        'dag_id=data_quality_checks/run_id=scheduled__2026-11-22T07_00_00+00_00/task_id=check_rows/map_index=3/attempt=1.log',
      );
    });

    it('wraps tokens so they are recognisable and opaque', () => {
      const wrapped = wrapForwardToken('f/38012345678901234567/s');
      expect(wrapped).not.toContain('/');
      expect(unwrapForwardToken(wrapped)).toBe('f/38012345678901234567/s');
      expect(unwrapForwardToken('eyJsb2dfcG9zIjo1MH0.sig')).toBeUndefined();
    });

    it('parses JSON lines and keeps other text raw', () => {
      expect(
        mapCloudWatchEvent({
          timestamp: 1,
          message:
            '{"timestamp":"2026-11-22T07:00:01.5Z","event":"hello","level":"warning"}',
        }),
      ).toEqual({
        timestamp: '2026-11-22T07:00:01.5Z',
        level: 'warning',
        message: 'hello',
      });
      expect(
        mapCloudWatchEvent({ timestamp: 0, message: '{not json}\n' }),
      ).toEqual({
        timestamp: '1970-01-01T00:00:00.000Z',
        message: '{not json}',
      });
      expect(
        mapCloudWatchEvent({
          timestamp: 0,
          message: '[2026-11-22T07:00:00.000+0000] {x.py:1} ERROR - boom',
        }),
      ).toMatchObject({ level: 'error' });
    });
  });

  it('reads the stream from the group GetEnvironment names, page by page, to the end', async () => {
    const describes = getEnvironment({
      Enabled: true,
      LogLevel: 'INFO',
      CloudWatchLogGroupArn: `${GROUP_ARN}:*`,
    });
    const calls = getLogEvents(streamOf(150));
    const transport = transportFor();

    const first = await transport.readStoredTaskLog!(key());
    expect(calls[0].input).toEqual({
      logGroupName: 'airflow-demo-Task',
      logStreamName: STREAM,
      startFromHead: true,
      limit: 100,
    });
    expect(calls[0].request.headers.get('x-amz-target')).toBe(
      'Logs_20140328.GetLogEvents',
    );
    expect(calls[0].request.headers.get('authorization')).toMatch(
      /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/logs\/aws4_request/,
    );
    expect(first.lines).toHaveLength(100);
    expect(first.lines[0]).toEqual({
      timestamp: '2026-11-22T07:00:00.000Z',
      level: 'info',
      message: 'line 0',
    });
    expect(first.endOfLog).toBe(false);
    expect(unwrapForwardToken(first.continuationToken!)).toBe('f/100');

    const second = await transport.readStoredTaskLog!(
      key({ token: first.continuationToken }),
    );
    expect(calls[1].input.nextToken).toBe('f/100');
    expect(second.lines.map(l => l.message)).toEqual(
      Array.from({ length: 50 }, (_, i) => `line ${100 + i}`),
    );
    expect(second.endOfLog).toBe(false);

    const last = await transport.readStoredTaskLog!(
      key({ token: second.continuationToken }),
    );
    expect(last).toEqual({ lines: [], endOfLog: true });
    // The group is remembered with the MWAA description.
    expect(describes).toHaveLength(1);
  });

  it('ends the log when CloudWatch hands back the token it was given', async () => {
    getEnvironment({ Enabled: true, CloudWatchLogGroupArn: GROUP_ARN });
    getLogEvents(() =>
      HttpResponse.json({
        events: events(0, 2, false),
        nextForwardToken: 'f/same',
        nextBackwardToken: 'b/0',
      }),
    );
    const chunk = await transportFor().readStoredTaskLog!(
      key({ token: wrapForwardToken('f/same') }),
    );
    expect(chunk.endOfLog).toBe(true);
    expect(chunk.continuationToken).toBeUndefined();
    expect(chunk.lines[0]).toEqual({
      timestamp: '2026-11-22T07:00:00.000Z',
      level: 'warning',
      message:
        '[2026-11-22T07:00:00.000+0000] {taskinstance.py:1157} WARNING - line 0',
    });
  });

  it("falls back to airflow-<Name>-Task and sends to the logsEndpoint override, not MWAA's endpoint", async () => {
    server.use(
      http.get('http://127.0.0.1:4020/environments/demo', () =>
        HttpResponse.json({
          Environment: { Name: 'demo', AirflowVersion: '2.10.3' },
        }),
      ),
    );
    const inputs: any[] = [];
    server.use(
      http.post('http://127.0.0.1:4021/', async ({ request }) => {
        inputs.push(JSON.parse(await request.text()));
        return HttpResponse.json({
          events: [],
          nextForwardToken: 'f/0',
          nextBackwardToken: 'b/0',
        });
      }),
    );
    const chunk = await transportFor({
      endpoint: 'http://127.0.0.1:4020',
      logsEndpoint: 'http://127.0.0.1:4021',
    }).readStoredTaskLog!(key({ mapIndex: 0 }));
    expect(inputs[0]).toMatchObject({
      logGroupName: 'airflow-demo-Task',
      logStreamName: expect.stringContaining('/map_index=0/attempt=2.log'),
    });
    expect(chunk).toEqual({ lines: [], endOfLog: true });
  });

  it('answers 404 with an explanation when the stream does not exist', async () => {
    getEnvironment({ Enabled: true, CloudWatchLogGroupArn: GROUP_ARN });
    getLogEvents(() =>
      logsError(
        'ResourceNotFoundException',
        400,
        'The specified log stream does not exist.',
      ),
    );
    const error = await rejectionOf(transportFor().readStoredTaskLog!(key()));
    expect(error.details).toMatchObject({
      environment: 'mwaa-prod',
      kind: 'http',
      status: 404,
      awsErrorType: 'ResourceNotFoundException',
    });
    expect(error.message).toContain(
      `stream "${STREAM}" does not exist: task check_rows has no log for try 2 yet`,
    );
  });

  it('answers 404 without calling CloudWatch when task logging is disabled', async () => {
    getEnvironment({ Enabled: false, CloudWatchLogGroupArn: GROUP_ARN });
    const calls = getLogEvents(streamOf(1));
    const error = await rejectionOf(transportFor().readStoredTaskLog!(key()));
    expect(error.details).toMatchObject({ kind: 'http', status: 404 });
    expect(error.message).toContain('does not send task logs to CloudWatch');
    expect(calls).toHaveLength(0);
  });

  it('names the missing logs:GetLogEvents permission on AccessDenied', async () => {
    getEnvironment({ Enabled: true, CloudWatchLogGroupArn: GROUP_ARN });
    getLogEvents(() =>
      logsError(
        'AccessDeniedException',
        400,
        'User: arn:aws:sts::123456789012:assumed-role/backstage is not authorized to perform: logs:GetLogEvents',
      ),
    );
    const error = await rejectionOf(transportFor().readStoredTaskLog!(key()));
    expect(error.details).toMatchObject({
      kind: 'auth',
      awsErrorType: 'AccessDeniedException',
    });
    expect(error.message).toContain(
      'allow logs:GetLogEvents on arn:aws:logs:us-east-1:<account>:log-group:airflow-demo-Task:*',
    );
  });

  it('maps throttling to throttled after the read retries', async () => {
    getEnvironment({ Enabled: true, CloudWatchLogGroupArn: GROUP_ARN });
    const calls = getLogEvents(() =>
      logsError('ThrottlingException', 400, 'Rate exceeded'),
    );
    const error = await rejectionOf(
      transportFor({}, { readRetries: 1 }).readStoredTaskLog!(key()),
    );
    expect(error.details).toMatchObject({ kind: 'throttled', status: 429 });
    expect(calls).toHaveLength(2);
  });

  it('refuses a continuation token it did not issue', async () => {
    getEnvironment({ Enabled: true, CloudWatchLogGroupArn: GROUP_ARN });
    const calls = getLogEvents(streamOf(1));
    const error = await rejectionOf(
      transportFor().readStoredTaskLog!(key({ token: 'airflow-token' })),
    );
    expect(error.details).toMatchObject({ kind: 'http', status: 400 });
    expect(calls).toHaveLength(0);
  });

  describe('through the API adapter', () => {
    it('reads an over-long log path from CloudWatch and a short one through InvokeRestApi', async () => {
      getEnvironment({ Enabled: true, CloudWatchLogGroupArn: GROUP_ARN });
      const logCalls = getLogEvents(streamOf(3));
      const invoked: any[] = [];
      server.use(
        http.post(INVOKE_URL, async ({ request }) => {
          invoked.push(JSON.parse(await request.text()));
          return HttpResponse.json({
            RestApiStatusCode: 200,
            RestApiResponse: {
              content: [{ event: 'short path', level: 'info' }],
              continuation_token: null,
            },
          });
        }),
      );
      const adapter = createApiAdapter('v2', transportFor(), {
        name: 'mwaa-prod',
      });

      const long = await adapter.getTaskLog(key());
      expect(long.lines.map(l => l.message)).toEqual([
        'line 0',
        'line 1',
        'line 2',
      ]);
      expect(logCalls).toHaveLength(1);

      const short = await adapter.getTaskLog(
        key({ dagId: 'd', runId: 'manual_1', taskId: 't', tryNumber: 1 }),
      );
      expect(short).toEqual({
        lines: [{ level: 'info', message: 'short path' }],
        endOfLog: true,
      });
      expect(invoked).toHaveLength(1);
      expect(invoked[0].Path).toBe(
        '/dags/d/dagRuns/manual_1/taskInstances/t/logs/1',
      );
      expect(logCalls).toHaveLength(1);
    });

    it('keeps the 422 for other over-long paths', async () => {
      const adapter = createApiAdapter('v2', transportFor(), {
        name: 'mwaa-prod',
      });
      const error = await rejectionOf(adapter.getDagDetails('d'.repeat(60)));
      expect(error.details).toMatchObject({ kind: 'limit' });
      expect(error.message).toContain('has no other form of this call');
    });
  });
});
