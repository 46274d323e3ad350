import {
  type AirflowSimulator,
  type MwaaFront,
  startAirflowSimulator,
  startMwaaFront,
  TEST_CREDENTIALS,
} from '@airflow-portal/airflow-simulator';
import { ConfigReader, type JsonObject } from '@backstage/config';
import { readAirflowConfig } from '../config/readAirflowConfig';
import { isUpstreamError } from './errors';
import { createWebLoginSource } from './mwaaWebLogin';

/*
 * CreateWebLoginToken against the simulator's MWAA front, whose STS
 * stand-in issues the web login role's session and whose CreateWebLoginToken
 * accepts only such sessions: the operating identity (the default chain's
 * keys, in process.env) signs the AssumeRole call and nothing else.
 */

jest.setTimeout(30_000);

const WEB_ROLE = 'arn:aws:iam::123456789012:role/portal-web-login';
let af3: AirflowSimulator;
let front: MwaaFront;
const savedEnv = { ...process.env };

beforeAll(async () => {
  af3 = await startAirflowSimulator({ flavor: 'airflow3', port: 0 });
  front = await startMwaaFront({
    port: 0,
    environments: { payments: { target: af3, airflowVersion: '3.0.6' } },
    roles: [{ roleArn: WEB_ROLE, airflowRole: 'Viewer' }],
  });
  // The operating identity: the default chain's keys.
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
});
beforeEach(() => front.resetStats());
afterAll(async () => {
  process.env = savedEnv;
  await Promise.all([front.close(), af3.close()]);
});

function environment(webLogin?: JsonObject) {
  const [env] = readAirflowConfig(
    new ConfigReader({
      airflow: {
        environments: [
          {
            name: 'mwaa-payments',
            allowInsecureHttp: true,
            mwaa: {
              environmentName: 'payments',
              region: 'us-east-1',
              endpoint: front.url,
              ...(webLogin ? { webLogin } : {}),
            },
          },
        ],
      },
    }),
  ).environments;
  return env;
}

describe('MWAA web login', () => {
  it('creates the token with the web login role and answers the user guide’s sign-in URL', async () => {
    const source = createWebLoginSource(
      environment({ roleArn: WEB_ROLE, stsEndpoint: front.url }),
    )!;

    const url = await source.signInUrl();

    const prefix =
      'https://payments.us-east-1.airflow.amazonaws.com/aws_mwaa/aws-console-sso?login=true#';
    expect(url.startsWith(prefix)).toBe(true);
    const token = url.slice(prefix.length);
    expect(token).not.toBe('');
    const stats = front.stats();
    expect(stats.webLoginTokens).toEqual({
      'assumed-role/portal-web-login/backstage-airflow-web-mwaa-payments': 1,
    });
    expect(stats.webLoginRefusals).toEqual({});
    expect(stats.signatureFailures).toBe(0);

    // The token signs in once, as the web login role's Airflow role.
    const login = await fetch(`${front.url}/aws_mwaa/login`, {
      method: 'POST',
      body: new URLSearchParams({ token }),
    });
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({
      environment: 'payments',
      airflowRole: 'Viewer',
    });
  });

  it('uses webServerUrl in place of the host MWAA names, and the configured session name', async () => {
    const source = createWebLoginSource(
      environment({
        roleArn: WEB_ROLE,
        stsEndpoint: front.url,
        sessionName: 'portal-ui',
        webServerUrl: `${front.url}/`,
      }),
    )!;

    const url = await source.signInUrl();

    expect(url).toMatch(
      new RegExp(
        `^${front.url.replace(
          /[.]/g,
          '\\.',
        )}/aws_mwaa/aws-console-sso\\?login=true#.+$`,
      ),
    );
    expect(front.stats().webLoginTokens).toEqual({
      'assumed-role/portal-web-login/portal-ui': 1,
    });
  });

  it('never falls back to the operating identity when the web login role cannot be assumed', async () => {
    const source = createWebLoginSource(
      environment({
        roleArn: 'arn:aws:iam::123456789012:role/not-assumable',
        stsEndpoint: front.url,
      }),
    )!;

    const failure = await source.signInUrl().then(
      () => undefined,
      error => error,
    );

    expect(isUpstreamError(failure)).toBe(true);
    expect(failure.details).toMatchObject({
      environment: 'mwaa-payments',
      kind: 'auth',
    });
    // CreateWebLoginToken was never called, by anyone.
    const stats = front.stats();
    expect(stats.webLoginTokens).toEqual({});
    expect(stats.webLoginRefusals).toEqual({});
  });

  it('the front refuses a token signed by the operating identity', async () => {
    // What a fallback would look like: the front tells it apart and refuses it.
    const operating = createWebLoginSource(environment({ roleArn: WEB_ROLE }), {
      credentials: async () => ({
        accessKeyId: TEST_CREDENTIALS.accessKeyId,
        secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
      }),
    })!;

    await expect(operating.signInUrl()).rejects.toMatchObject({
      name: 'UpstreamError',
      details: { kind: 'auth', status: 403 },
    });
    expect(front.stats().webLoginRefusals).toEqual({
      [TEST_CREDENTIALS.accessKeyId]: 1,
    });
    expect(front.stats().webLoginTokens).toEqual({});
  });

  it('an environment without webLogin has none: its links stay plain', () => {
    expect(createWebLoginSource(environment())).toBeUndefined();
  });
});
