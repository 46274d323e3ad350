import type {
  AirflowLogChunk,
  AirflowLogLine,
} from '@airflow-portal/plugin-airflow-common';
import {
  CloudWatchLogsClient,
  GetLogEventsCommand,
  type OutputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import type { MwaaConnectionConfig } from '../config/types';
import type { AwsCredentialsProvider } from './awsCredentials';
import { awsSdkFailure } from './awsErrors';
import { type CallContext, httpFailure, UpstreamError } from './errors';
import type { TaskLogKey } from './types';

/*
 * Task logs of MWAA environments, read from CloudWatch Logs. MWAA writes every
 * task try to its own stream in the environment's task log group; reading it
 * there avoids InvokeRestApi's 64-character Path, which a task log path with
 * real run ids never fits.
 */

/** Events per page ("load more" fetches the next page). */
export const CLOUDWATCH_LOG_PAGE_SIZE = 100;

/** Marks a continuation token as ours, so it is never confused with Airflow's. */
const TOKEN_PREFIX = 'cwl1.';

/**
 * A CloudWatch Logs client; with `logsEndpoint` requests go exactly there.
 * MWAA's own `endpoint` does not apply: CloudWatch Logs is another service,
 * with its own VPC endpoint.
 */
export function createCloudWatchLogsClient(
  connection: MwaaConnectionConfig,
  credentials: AwsCredentialsProvider,
): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: connection.region,
    endpoint: connection.logsEndpoint,
    credentials,
    // Retries, timeouts and concurrency are the transport's policy.
    maxAttempts: 1,
  });
}

/**
 * The stream Airflow's CloudWatch task handler writes a try to: Airflow's
 * default `log_filename_template` (Airflow 2.x and 3.x),
 * `dag_id=<dag>/run_id=<run>/task_id=<task>/[map_index=<i>/]attempt=<n>.log`,
 * with `:` (not allowed in stream names) replaced by `_` like the handler does.
 */
export function taskLogStreamName(key: TaskLogKey): string {
  const mapIndex = key.mapIndex >= 0 ? `map_index=${key.mapIndex}/` : '';
  return `dag_id=${key.dagId}/run_id=${key.runId}/task_id=${key.taskId}/${mapIndex}attempt=${key.tryNumber}.log`.replace(
    /:/g,
    '_',
  );
}

/** CloudWatch's `nextForwardToken` → the portal's opaque continuation token. */
export function wrapForwardToken(token: string): string {
  return `${TOKEN_PREFIX}${Buffer.from(token, 'utf8').toString('base64url')}`;
}

/** The portal's continuation token → CloudWatch's token; undefined when it is not one of ours. */
export function unwrapForwardToken(token: string): string | undefined {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const raw = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url');
  return raw.length ? raw.toString('utf8') : undefined;
}

const TEXT_LEVEL_RE =
  /^\[[^\]]+\]\s+\{[^}]*\}\s+(CRITICAL|ERROR|WARNING|INFO|DEBUG)\s+-\s/;

/**
 * One CloudWatch event as a log line. Airflow 3 writes JSON lines
 * (`{"timestamp","event","level",…}`); Airflow 2 writes formatted text
 * (`[ts] {file.py:12} INFO - message`). Anything unparsable stays raw text.
 */
export function mapCloudWatchEvent(event: OutputLogEvent): AirflowLogLine {
  const raw = (event.message ?? '').replace(/\r?\n$/, '');
  const timestamp =
    typeof event.timestamp === 'number' && Number.isFinite(event.timestamp)
      ? new Date(event.timestamp).toISOString()
      : undefined;
  const structured = parseJsonLine(raw);
  if (structured) {
    return {
      timestamp:
        typeof structured.timestamp === 'string'
          ? structured.timestamp
          : timestamp,
      level:
        typeof structured.level === 'string' ? structured.level : undefined,
      message:
        typeof structured.event === 'string'
          ? structured.event
          : JSON.stringify(structured.event ?? structured),
    };
  }
  const level = raw.match(TEXT_LEVEL_RE)?.[1]?.toLowerCase();
  return { timestamp, ...(level ? { level } : {}), message: raw };
}

function parseJsonLine(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      'event' in value
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export interface CloudWatchTaskLogRead {
  client: CloudWatchLogsClient;
  connection: MwaaConnectionConfig;
  logGroupName: string;
  key: TaskLogKey;
  ctx: CallContext;
  signal: AbortSignal;
  pageSize?: number;
}

/**
 * One page of a task try's log, from the head of its stream. The log ends
 * when CloudWatch answers no events or hands back the token it was given.
 */
export async function readCloudWatchTaskLog(
  read: CloudWatchTaskLogRead,
): Promise<AirflowLogChunk> {
  const { key, ctx } = read;
  let nextToken: string | undefined;
  if (key.token !== undefined) {
    nextToken = unwrapForwardToken(key.token);
    if (nextToken === undefined) {
      throw httpFailure(
        ctx,
        400,
        'the continuation token was not issued for this CloudWatch Logs stream',
      );
    }
  }
  const logStreamName = taskLogStreamName(key);
  let output;
  try {
    output = await read.client.send(
      new GetLogEventsCommand({
        logGroupName: read.logGroupName,
        logStreamName,
        startFromHead: true,
        nextToken,
        limit: read.pageSize ?? CLOUDWATCH_LOG_PAGE_SIZE,
      }),
      { abortSignal: read.signal },
    );
  } catch (error) {
    throw cloudWatchFailure(error, read, logStreamName);
  }
  const events = output.events ?? [];
  const forward = output.nextForwardToken;
  const endOfLog = events.length === 0 || !forward || forward === nextToken;
  const lines = events.map(mapCloudWatchEvent);
  return endOfLog
    ? { lines, endOfLog: true }
    : { lines, continuationToken: wrapForwardToken(forward), endOfLog: false };
}

/** Missing streams and denied reads are explained; the rest reads like MWAA's own errors. */
function cloudWatchFailure(
  error: unknown,
  read: CloudWatchTaskLogRead,
  logStreamName: string,
): UpstreamError {
  const { ctx, logGroupName, key, connection } = read;
  const where = `CloudWatch Logs group "${logGroupName}", stream "${logStreamName}"`;
  return awsSdkFailure(
    error,
    { ctx, mwaaName: connection.environmentName, region: connection.region },
    e => {
      if (e.name === 'ResourceNotFoundException') {
        const detail = `${where} does not exist: task ${key.taskId} has no log for try ${key.tryNumber} yet, or the environment does not send task logs to CloudWatch Logs`;
        return new UpstreamError(
          `Airflow environment "${ctx.environment}": ${ctx.operation}: ${detail}`,
          {
            environment: ctx.environment,
            kind: 'http',
            status: 404,
            detail,
            awsErrorType: e.name,
          },
        );
      }
      if (e.name === 'AccessDeniedException') {
        const detail = `the backend's AWS identity may not read ${where}: allow logs:GetLogEvents on arn:aws:logs:${
          connection.region
        }:<account>:log-group:${logGroupName}:*${
          e.message ? ` (${e.message})` : ''
        }`;
        return new UpstreamError(
          `Airflow environment "${ctx.environment}": ${ctx.operation} was refused: ${detail}`,
          {
            environment: ctx.environment,
            kind: 'auth',
            status: e.$metadata?.httpStatusCode ?? 400,
            detail,
            awsErrorType: e.name,
          },
        );
      }
      // Throttling, InvalidParameter, ServiceUnavailable, signature problems: like MWAA's own errors.
      return undefined;
    },
  );
}
