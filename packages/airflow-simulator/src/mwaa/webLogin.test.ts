import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { AirflowSimulator, startAirflowSimulator } from '../airflow/simulator';
import { MwaaFront, startMwaaFront } from './front';
import { TEST_CREDENTIALS } from './sigv4';

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const WEB_ROLE = 'arn:aws:iam::123456789012:role/portal-web-login';

/** A SigV4-signed POST, as an AWS SDK client sends it. */
async function signedPost(
  front: MwaaFront,
  path: string,
  options: {
    service: 'sts' | 'airflow';
    credentials: Credentials;
    body?: string;
    contentType?: string;
  },
) {
  const url = new URL(front.url + path);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    headers: {
      host: url.host,
      ...(options.contentType ? { 'content-type': options.contentType } : {}),
    },
    body: options.body,
  });
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: 'us-east-1',
    service: options.service,
    sha256: Sha256,
  });
  const signed = await signer.sign(request);
  const res = await fetch(front.url + path, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body: options.body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const xmlValue = (xml: string, tag: string) =>
  new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

describe('MWAA front: web login', () => {
  let af3: AirflowSimulator;
  let front: MwaaFront;

  beforeAll(async () => {
    af3 = await startAirflowSimulator({ flavor: 'airflow3', seed: 'weblogin' });
    front = await startMwaaFront({
      environments: { 'mwaa-payments': { target: af3 } },
      roles: [{ roleArn: WEB_ROLE, airflowRole: 'Viewer' }],
    });
  });
  beforeEach(() => front.resetStats());
  afterAll(async () => {
    await front.close();
    await af3.close();
  });

  const assumeRole = (roleArn: string) =>
    signedPost(front, '/', {
      service: 'sts',
      credentials: TEST_CREDENTIALS,
      contentType: 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        Action: 'AssumeRole',
        Version: '2011-06-15',
        RoleArn: roleArn,
        RoleSessionName: 'portal-ui',
      }).toString(),
    });

  async function webLoginSession(): Promise<Credentials> {
    const res = await assumeRole(WEB_ROLE);
    expect(res.status).toBe(200);
    return {
      accessKeyId: xmlValue(res.text, 'AccessKeyId')!,
      secretAccessKey: xmlValue(res.text, 'SecretAccessKey')!,
      sessionToken: xmlValue(res.text, 'SessionToken')!,
    };
  }

  const createToken = (credentials: Credentials, name = 'mwaa-payments') =>
    signedPost(front, `/webtoken/${name}`, { service: 'airflow', credentials });

  it('creates a token for a session of the web login role, as that identity', async () => {
    const res = await createToken(await webLoginSession());

    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body).toEqual({
      WebToken: expect.any(String),
      WebServerHostname: 'mwaa-payments.us-east-1.airflow.amazonaws.com',
      IamIdentity: 'assumed-role/portal-web-login/portal-ui',
      AirflowIdentity: 'assumed-role/portal-web-login/portal-ui',
    });
    expect(front.stats().webLoginTokens).toEqual({
      'assumed-role/portal-web-login/portal-ui': 1,
    });

    // The web server's form login takes it once.
    const login = () =>
      fetch(`${front.url}/aws_mwaa/login`, {
        method: 'POST',
        body: new URLSearchParams({ token: body.WebToken }),
      });
    const first = await login();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({
      environment: 'mwaa-payments',
      airflowIdentity: 'assumed-role/portal-web-login/portal-ui',
      airflowRole: 'Viewer',
    });
    expect((await login()).status).toBe(403);
  });

  it('refuses a token signed by any other identity, and counts it', async () => {
    const res = await createToken(TEST_CREDENTIALS);

    expect(res.status).toBe(403);
    expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
    expect(front.stats().webLoginRefusals).toEqual({
      [TEST_CREDENTIALS.accessKeyId]: 1,
    });
    expect(front.stats().webLoginTokens).toEqual({});
  });

  it('refuses a session whose token does not match', async () => {
    const session = await webLoginSession();
    const res = await createToken({ ...session, sessionToken: 'forged' });

    expect(res.status).toBe(403);
    expect(front.stats().webLoginTokens).toEqual({});
  });

  it('lets no one assume a role it was not given', async () => {
    const res = await assumeRole('arn:aws:iam::123456789012:role/other');

    expect(res.status).toBe(403);
    expect(xmlValue(res.text, 'Code')).toBe('AccessDenied');
  });

  it('answers 404 for an unknown environment', async () => {
    const res = await createToken(await webLoginSession(), 'nowhere');
    expect(res.status).toBe(404);
  });

  it('serves the sign-in page of the user guide’s URL, uncached', async () => {
    const res = await fetch(`${front.url}/aws_mwaa/aws-console-sso?login=true`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toContain("fetch('/aws_mwaa/login'");
  });
});
