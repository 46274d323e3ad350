import type {
  AirflowApiVersion,
  MwaaEnvironmentInfo,
} from '@airflow-portal/plugin-airflow-common';
import { GetEnvironmentCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import type { MwaaConnectionConfig } from '../config/types';
import type { AwsCredentialsProvider } from './awsCredentials';
import { awsSdkFailure } from './awsErrors';
import { type CallContext, UpstreamError } from './errors';

/** An MWAA management client; with `endpoint` the `api.` host prefix is not added. */
export function createMwaaClient(
  connection: MwaaConnectionConfig,
  credentials: AwsCredentialsProvider,
): MWAAClient {
  return new MWAAClient({
    region: connection.region,
    endpoint: connection.endpoint,
    disableHostPrefix: connection.endpoint !== undefined,
    credentials,
    // Retries, timeouts and concurrency are the transport's policy.
    maxAttempts: 1,
  });
}

/** Where MWAA sends the environment's task logs (GetEnvironment `LoggingConfiguration.TaskLogs`). */
export interface MwaaTaskLogsConfig {
  /** The CloudWatch Logs group, e.g. `airflow-MyEnvironment-Task`. */
  logGroupName: string;
  /** False when task logging to CloudWatch is switched off; undefined when MWAA did not say. */
  enabled?: boolean;
}

export interface MwaaEnvironmentDescription {
  info: MwaaEnvironmentInfo;
  taskLogs: MwaaTaskLogsConfig;
}

/** GetEnvironment, mapped to the shared model; SDK errors become UpstreamErrors. */
export async function getMwaaEnvironment(
  client: MWAAClient,
  connection: MwaaConnectionConfig,
  ctx: CallContext,
  signal: AbortSignal,
): Promise<MwaaEnvironmentDescription> {
  let environment;
  try {
    const output = await client.send(
      new GetEnvironmentCommand({ Name: connection.environmentName }),
      { abortSignal: signal },
    );
    environment = output.Environment;
  } catch (error) {
    throw awsSdkFailure(error, {
      ctx,
      mwaaName: connection.environmentName,
      region: connection.region,
    });
  }
  if (!environment) {
    throw new UpstreamError(
      `Airflow environment "${ctx.environment}": MWAA GetEnvironment answered without an Environment`,
      { environment: ctx.environment, kind: 'malformed' },
    );
  }
  const environmentName = environment.Name ?? connection.environmentName;
  const taskLogs = environment.LoggingConfiguration?.TaskLogs;
  return {
    info: {
      environmentName,
      region: connection.region,
      status: environment.Status,
      airflowVersion: environment.AirflowVersion,
      webserverUrl: toWebserverUrl(environment.WebserverUrl),
    },
    taskLogs: {
      logGroupName:
        logGroupNameFromArn(taskLogs?.CloudWatchLogGroupArn) ??
        defaultTaskLogGroupName(environmentName),
      enabled: taskLogs?.Enabled,
    },
  };
}

/** The group MWAA creates for task logs when GetEnvironment names none. */
export function defaultTaskLogGroupName(environmentName: string): string {
  return `airflow-${environmentName}-Task`;
}

/** `arn:aws:logs:<region>:<account>:log-group:<name>[:*]` → `<name>`. */
export function logGroupNameFromArn(
  arn: string | undefined,
): string | undefined {
  const name = arn?.match(/^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)/)?.[1];
  return name || undefined;
}

/** MWAA documents `WebserverUrl` as a host name; the model's pattern says `https://…`. Accept both. */
function toWebserverUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  return /^https?:\/\//.test(value) ? value : `https://${value}`;
}

/** Airflow 3.x speaks `/api/v2`, Airflow 2.x `/api/v1`. */
export function apiVersionForAirflow(
  airflowVersion: string | undefined,
  ctx: CallContext,
): AirflowApiVersion {
  const major = airflowVersion?.match(/^(\d+)\./)?.[1];
  if (major === '3') return 'v2';
  if (major === '2') return 'v1';
  throw new UpstreamError(
    `Airflow environment "${
      ctx.environment
    }": MWAA reports an unsupported Airflow version ${
      airflowVersion ? `"${airflowVersion}"` : '(none)'
    }`,
    { environment: ctx.environment, kind: 'malformed' },
  );
}
