import {
  fromNodeProviderChain,
  fromTemporaryCredentials,
} from '@aws-sdk/credential-providers';
import type { MwaaConnectionConfig } from '../config/types';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Structurally the AWS SDK's `AwsCredentialIdentityProvider`. */
export type AwsCredentialsProvider = () => Promise<AwsCredentials>;

/** Renew this long before temporary credentials expire. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * The credentials for one MWAA environment: the default Node chain (env vars,
 * profile, web identity, container/instance role), or an assumed role when
 * `roleArn` is set.
 */
export function createAwsCredentialsProvider(
  environment: string,
  connection: MwaaConnectionConfig,
): AwsCredentialsProvider {
  if (!connection.roleArn) {
    // Memoized by the SDK, including renewal before expiry.
    return fromNodeProviderChain();
  }
  return memoizeCredentials(
    fromTemporaryCredentials({
      params: {
        RoleArn: connection.roleArn,
        ExternalId: connection.externalId,
        RoleSessionName: `backstage-airflow-${environment}`.slice(0, 64),
      },
      clientConfig: { region: connection.region },
    }),
  );
}

/**
 * `fromTemporaryCredentials` calls STS AssumeRole on every invocation; keep its
 * answer until shortly before it expires and share one refresh between callers.
 */
export function memoizeCredentials(
  provider: AwsCredentialsProvider,
  now: () => number = Date.now,
): AwsCredentialsProvider {
  let current: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return () => {
    const fresh =
      current &&
      (!current.expiration ||
        current.expiration.getTime() - EXPIRY_MARGIN_MS > now());
    if (fresh) return Promise.resolve(current!);
    pending ??= provider()
      .then(credentials => {
        current = credentials;
        return credentials;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
