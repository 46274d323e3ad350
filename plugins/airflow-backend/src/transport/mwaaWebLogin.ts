import {
  CreateWebLoginTokenCommand,
  type MWAAClient,
} from '@aws-sdk/client-mwaa';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type {
  EnvironmentConfig,
  MwaaConnectionConfig,
  MwaaWebLoginConfig,
} from '../config/types';
import {
  type AwsCredentialsProvider,
  memoizeCredentials,
} from './awsCredentials';
import { awsSdkFailure } from './awsErrors';
import { type CallContext, UpstreamError } from './errors';
import { MWAA_LIMITS } from './MwaaTransport';
import { createMwaaClient } from './mwaaEnvironment';

/*
 * "Open in Airflow" signed in, for an MWAA environment: a web login token
 * (CreateWebLoginToken, valid 60 s) created with the environment's UI
 * sign-in identity. The session it opens carries the Airflow role of the
 * identity that created the token, so that identity is a role of its own
 * (`mwaa.webLogin.roleArn`), never the one the portal operates with: there
 * is no fallback to the operating credentials.
 */

/** Opens an environment's Airflow UI signed in. */
export interface WebLoginSource {
  /** A fresh sign-in URL (the token is in its fragment): never store or log it. */
  signInUrl(signal?: AbortSignal): Promise<string>;
}

/** What CreateWebLoginToken answered (`WebToken` is sensitive in the model). */
export interface MwaaWebLoginToken {
  webServerHostname: string;
  webToken: string;
  iamIdentity?: string;
  airflowIdentity?: string;
}

export interface MwaaWebLoginOptions {
  /** Replaces the assumed web login role (tests): it must be that identity's credentials. */
  credentials?: AwsCredentialsProvider;
}

/**
 * The web login identity's credentials: `webLogin.roleArn` assumed with the
 * AWS default chain as the source identity (STS AssumeRole), renewed before
 * they expire. The operating `roleArn` plays no part.
 */
export function createWebLoginCredentialsProvider(
  environment: string,
  region: string,
  webLogin: MwaaWebLoginConfig,
): AwsCredentialsProvider {
  return memoizeCredentials(
    fromTemporaryCredentials({
      params: {
        RoleArn: webLogin.roleArn,
        ExternalId: webLogin.externalId,
        RoleSessionName:
          webLogin.sessionName ??
          `backstage-airflow-web-${environment}`.slice(0, 64),
      },
      clientConfig: { region, endpoint: webLogin.stsEndpoint },
    }),
  );
}

/**
 * The sign-in URL of the MWAA user guide ("Create an Apache Airflow web
 * server access token"): `https://{WebServerHostname}/aws_mwaa/aws-console-sso?login=true#{WebToken}`.
 * The guide gives this one browser URL for every Airflow version; only the
 * programmatic form login differs (`/aws_mwaa/login` on Airflow 2,
 * `/pluginsv2/aws_mwaa/login` on Airflow 3). `webServerUrl` replaces
 * `https://{WebServerHostname}` (a custom domain in front of a private web
 * server, a local fake).
 */
export function webLoginUrl(
  token: Pick<MwaaWebLoginToken, 'webServerHostname' | 'webToken'>,
  webServerUrl?: string,
): string {
  const base = webServerUrl ?? `https://${token.webServerHostname}`;
  return `${base.replace(/\/+$/, '')}/aws_mwaa/aws-console-sso?login=true#${
    token.webToken
  }`;
}

class MwaaWebLogin implements WebLoginSource {
  private readonly client: MWAAClient;
  private readonly ctx: CallContext;

  constructor(
    private readonly environment: string,
    private readonly timeoutMs: number,
    private readonly connection: MwaaConnectionConfig,
    options: MwaaWebLoginOptions & { webLogin: MwaaWebLoginConfig },
  ) {
    this.client = createMwaaClient(
      connection,
      options.credentials ??
        createWebLoginCredentialsProvider(
          environment,
          connection.region,
          options.webLogin,
        ),
    );
    this.ctx = { environment, operation: 'MWAA CreateWebLoginToken' };
  }

  async signInUrl(signal?: AbortSignal): Promise<string> {
    const token = await this.createToken(signal);
    return webLoginUrl(token, this.connection.webLogin?.webServerUrl);
  }

  private async createToken(signal?: AbortSignal): Promise<MwaaWebLoginToken> {
    // One deadline, as for every MWAA call; never retried: a token is cheap
    // to ask for again, and the user is waiting.
    const deadline = AbortSignal.timeout(
      Math.min(this.timeoutMs, MWAA_LIMITS.timeoutMs),
    );
    let output;
    try {
      output = await this.client.send(
        new CreateWebLoginTokenCommand({
          Name: this.connection.environmentName,
        }),
        {
          abortSignal: signal ? AbortSignal.any([signal, deadline]) : deadline,
        },
      );
    } catch (error) {
      throw awsSdkFailure(error, {
        ctx: this.ctx,
        mwaaName: this.connection.environmentName,
        region: this.connection.region,
      });
    }
    if (!output.WebToken || !output.WebServerHostname) {
      throw new UpstreamError(
        `Airflow environment "${this.environment}": MWAA CreateWebLoginToken answered without a WebToken or WebServerHostname`,
        { environment: this.environment, kind: 'malformed' },
      );
    }
    return {
      webToken: output.WebToken,
      webServerHostname: output.WebServerHostname,
      iamIdentity: output.IamIdentity,
      airflowIdentity: output.AirflowIdentity,
    };
  }
}

/** The web login of an environment, or undefined when it has none (its links stay plain). */
export function createWebLoginSource(
  env: EnvironmentConfig,
  options: MwaaWebLoginOptions = {},
): WebLoginSource | undefined {
  const { connection } = env;
  if (connection.kind !== 'mwaa' || !connection.webLogin) {
    return undefined;
  }
  return new MwaaWebLogin(env.name, env.limits.timeoutMs, connection, {
    ...options,
    webLogin: connection.webLogin,
  });
}
