import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EnvironmentConfig } from '../config/types';
import type { AwsCredentialsProvider } from './awsCredentials';
import { DirectTransport } from './DirectTransport';
import { MwaaTransport } from './MwaaTransport';
import type { BackoffOptions } from './resilience/backoff';
import type { CircuitOptions } from './resilience/UpstreamPolicy';
import type { AirflowTransport } from './types';

export interface CreateTransportOptions {
  logger: LoggerService;
  /** Replaces the global fetch (tests, proxies). */
  fetch?: typeof fetch;
  /** MWAA only: AWS credentials instead of the default chain / `roleArn`. */
  credentials?: AwsCredentialsProvider;
  /** Retry delays of idempotent reads; defaults to 250 ms doubling up to 4 s, with jitter. */
  backoff?: BackoffOptions;
  /** When the circuit opens and how long it stays open (defaults: 5 consecutive failures, 5 s). */
  circuit?: CircuitOptions;
  /** Direct JWT only: clock in epoch milliseconds that plans token refreshes (tests). */
  now?: () => number;
}

/**
 * The transport for one environment. Create it once per environment and
 * reuse it: it holds the token cache and the concurrency limit.
 */
export function createTransport(
  env: EnvironmentConfig,
  options: CreateTransportOptions,
): AirflowTransport {
  const { connection } = env;
  if (connection.kind === 'mwaa') {
    return new MwaaTransport({ ...env, connection }, options);
  }
  return new DirectTransport({ ...env, connection }, options);
}
