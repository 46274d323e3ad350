import { randomUUID } from 'crypto';
import { HttpResponse } from '../http/types';
import { AirflowClient } from './airflowClient';

/*
 * CloudWatch Logs' `GetLogEvents` (awsJson1_1, `X-Amz-Target:
 * Logs_20140328.GetLogEvents`) for MWAA task logs. MWAA's task log group is
 * `airflow-<Name>-Task`; Airflow's CloudWatch task handler writes each try to
 * the stream `dag_id=…/run_id=…/task_id=…/[map_index=…/]attempt=<n>.log` with
 * `:` replaced by `_`. Events come from the backing Airflow's own log of that
 * try: Airflow 3 as JSON lines, Airflow 2 as formatted text lines.
 */

export const GET_LOG_EVENTS_TARGET = 'Logs_20140328.GetLogEvents';
const JSON_11 = 'application/x-amz-json-1.1';
const MAX_LIMIT = 10_000;

export interface LogEvent {
  timestamp: number;
  message: string;
}

export interface TaskLogStream {
  dagId: string;
  /** As in the stream name: `:` already replaced by `_`. */
  runId: string;
  taskId: string;
  mapIndex?: number;
  tryNumber: number;
}

const STREAM_RE =
  /^dag_id=([^/]+)\/run_id=(.+?)\/task_id=([^/]+)\/(?:map_index=(\d+)\/)?attempt=(\d+)\.log$/;

export function parseTaskLogStream(name: string): TaskLogStream | undefined {
  const m = STREAM_RE.exec(name);
  if (!m) return undefined;
  return {
    dagId: m[1],
    runId: m[2],
    taskId: m[3],
    mapIndex: m[4] === undefined ? undefined : Number(m[4]),
    tryNumber: Number(m[5]),
  };
}

/** A CloudWatch Logs (awsJson1_1) error: `__type` in the body and `x-amzn-errortype`. */
export function logsError(
  status: number,
  type: string,
  message: string,
): HttpResponse {
  return {
    status,
    body: { __type: type, message },
    headers: {
      'content-type': JSON_11,
      'x-amzn-errortype': type,
      'x-amzn-requestid': randomUUID(),
    },
  };
}

const streamNotFound = () =>
  logsError(
    400,
    'ResourceNotFoundException',
    'The specified log stream does not exist.',
  );
const groupNotFound = () =>
  logsError(
    400,
    'ResourceNotFoundException',
    'The specified log group does not exist.',
  );
const invalidParameter = (message: string) =>
  logsError(400, 'InvalidParameterException', message);

/** `logGroupName`, or `logGroupIdentifier` as a name or a log group ARN. */
function logGroupOf(body: Record<string, unknown>): string | HttpResponse {
  const { logGroupName, logGroupIdentifier } = body;
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) {
    return invalidParameter(
      'LogGroup name and LogGroup ARN are mutually exclusive parameters.',
    );
  }
  const raw = logGroupName ?? logGroupIdentifier;
  if (typeof raw !== 'string' || raw === '') {
    return invalidParameter(
      'Should provide either a log group name or a log group ARN.',
    );
  }
  const arn = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)/.exec(raw);
  return arn ? arn[1] : raw;
}

const pad = (n: number) => String(n).padStart(20, '0');

/** `f/<pos>` reads forward from pos; `b/<pos>` reads the events before pos. */
function parseToken(
  token: string,
): { direction: 'f' | 'b'; pos: number } | undefined {
  const m = /^([fb])\/(\d{1,20})$/.exec(token);
  if (!m) return undefined;
  return { direction: m[1] as 'f' | 'b', pos: Number(m[2]) };
}

export interface GetLogEventsDeps {
  /** The environment's backing Airflow, by MWAA task log group name. */
  clientForGroup(group: string): AirflowClient | undefined;
  majorVersionForGroup(group: string): 2 | 3 | undefined;
  limits: { timeoutMs: number; maxBytes: number };
}

/** Answers one GetLogEvents request body. */
export async function getLogEvents(
  rawBody: Buffer,
  deps: GetLogEventsDeps,
): Promise<HttpResponse> {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(rawBody.toString('utf8') || '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    return logsError(
      400,
      'SerializationException',
      'Request body must be a JSON object',
    );
  }
  const group = logGroupOf(body);
  if (typeof group !== 'string') return group;
  const streamName = body.logStreamName;
  if (typeof streamName !== 'string' || streamName === '') {
    return invalidParameter(
      "1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null",
    );
  }
  const limit = body.limit === undefined ? MAX_LIMIT : body.limit;
  if (
    typeof limit !== 'number' ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    limit > MAX_LIMIT
  ) {
    return invalidParameter(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000",
    );
  }
  let token: { direction: 'f' | 'b'; pos: number } | undefined;
  if (body.nextToken !== undefined && body.nextToken !== null) {
    token =
      typeof body.nextToken === 'string'
        ? parseToken(body.nextToken)
        : undefined;
    if (!token) return invalidParameter('The specified nextToken is invalid.');
  }

  const client = deps.clientForGroup(group);
  const major = deps.majorVersionForGroup(group);
  if (!client || !major) return groupNotFound();
  const stream = parseTaskLogStream(streamName);
  if (!stream) return streamNotFound();
  const events = await readTaskEvents(client, major, stream, deps.limits);
  if (events === 'unavailable') {
    return logsError(
      503,
      'ServiceUnavailableException',
      'The service cannot complete the request.',
    );
  }
  if (!events) return streamNotFound();

  const total = events.length;
  let start: number;
  let end: number;
  if (token?.direction === 'b') {
    end = Math.min(token.pos, total);
    start = Math.max(0, end - limit);
  } else if (token) {
    start = Math.min(token.pos, total);
    end = Math.min(total, start + limit);
  } else if (body.startFromHead === true) {
    start = 0;
    end = Math.min(total, limit);
  } else {
    // Without a token and startFromHead, CloudWatch returns the newest events.
    end = total;
    start = Math.max(0, total - limit);
  }
  const ingestionOffsetMs = 250;
  return {
    status: 200,
    body: {
      events: events.slice(start, end).map(e => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp + ingestionOffsetMs,
      })),
      nextForwardToken: `f/${pad(end)}`,
      nextBackwardToken: `b/${pad(start)}`,
    },
    headers: { 'content-type': JSON_11, 'x-amzn-requestid': randomUUID() },
  };
}

/**
 * Every event of one try, from the backing Airflow's REST API (`full_content`).
 * Undefined when Airflow has no such run, task instance or try.
 */
async function readTaskEvents(
  client: AirflowClient,
  major: 2 | 3,
  stream: TaskLogStream,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<LogEvent[] | undefined | 'unavailable'> {
  const runId = await findRunId(client, stream, limits);
  if (runId === 'unavailable' || runId === undefined) return runId;
  const query = new URLSearchParams({ full_content: 'true' });
  if (stream.mapIndex !== undefined)
    query.set('map_index', String(stream.mapIndex));
  const path = `/dags/${encodeURIComponent(
    stream.dagId,
  )}/dagRuns/${encodeURIComponent(runId)}/taskInstances/${encodeURIComponent(
    stream.taskId,
  )}/logs/${stream.tryNumber}`;
  const reply = await client.call('GET', path, query, undefined, limits);
  if (reply.kind !== 'response') return 'unavailable';
  if (reply.status === 404) return undefined;
  if (reply.status !== 200) return 'unavailable';
  let data: { content?: unknown };
  try {
    data = JSON.parse(reply.body.toString('utf8'));
  } catch {
    return 'unavailable';
  }
  return major === 3
    ? jsonLineEvents(data.content)
    : textLineEvents(data.content);
}

/** The run whose id, with `:` replaced by `_`, is the stream's run id. */
async function findRunId(
  client: AirflowClient,
  stream: TaskLogStream,
  limits: { timeoutMs: number; maxBytes: number },
): Promise<string | undefined | 'unavailable'> {
  const pageLimit = 100;
  for (let offset = 0; ; offset += pageLimit) {
    const reply = await client.call(
      'POST',
      '/dags/~/dagRuns/list',
      new URLSearchParams(),
      { dag_ids: [stream.dagId], page_offset: offset, page_limit: pageLimit },
      limits,
    );
    if (reply.kind !== 'response' || reply.status !== 200) return 'unavailable';
    const page = JSON.parse(reply.body.toString('utf8')) as {
      dag_runs?: { dag_run_id?: string }[];
      total_entries?: number;
    };
    const runs = page.dag_runs ?? [];
    const match = runs.find(
      r => r.dag_run_id?.replace(/:/g, '_') === stream.runId,
    );
    if (match?.dag_run_id) return match.dag_run_id;
    if (
      runs.length < pageLimit ||
      offset + pageLimit >= (page.total_entries ?? 0)
    )
      return undefined;
  }
}

/** Airflow 3: structured entries; the handler writes them as JSON lines. */
function jsonLineEvents(content: unknown): LogEvent[] {
  if (!Array.isArray(content)) return [];
  const events: LogEvent[] = [];
  for (const entry of content) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { timestamp } = entry as { timestamp?: unknown };
    // Entries without a timestamp (`::group::` markers) are added by the API, not logged.
    if (typeof timestamp !== 'string') continue;
    const ms = Date.parse(timestamp);
    if (Number.isNaN(ms)) continue;
    events.push({ timestamp: ms, message: JSON.stringify(entry) });
  }
  return events;
}

const TEXT_LINE_RE = /^\[(\d{4}-\d{2}-\d{2}T[^\]]+)\]/;

/** Airflow 2: formatted text; a line without a `[timestamp]` continues the previous event. */
function textLineEvents(content: unknown): LogEvent[] {
  if (typeof content !== 'string' || content === '') return [];
  const events: LogEvent[] = [];
  for (const line of content.split('\n')) {
    const stamp = TEXT_LINE_RE.exec(line)?.[1];
    const ms = stamp
      ? Date.parse(stamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
      : NaN;
    if (!Number.isNaN(ms)) {
      events.push({ timestamp: ms, message: line });
    } else if (events.length) {
      events[events.length - 1].message += `\n${line}`;
    }
  }
  return events;
}
