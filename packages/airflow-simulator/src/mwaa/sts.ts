import { randomBytes, randomUUID } from 'crypto';
import { HttpResponse, RequestContext } from '../http/types';
import { AwsCredentials } from './sigv4';

/*
 * A stand-in for AWS STS AssumeRole (query protocol: a form-encoded POST,
 * an XML answer), enough for the AWS SDK's `fromTemporaryCredentials`. It
 * issues temporary credentials for the roles it is told about, so that the
 * MWAA front can tell which identity signed a later call.
 */

/** A role that may be assumed, and the Airflow role MWAA maps it to. */
export interface SimulatedRole {
  roleArn: string;
  /** e.g. `Viewer`; what a web login token created by this role signs in as. */
  airflowRole?: string;
}

/** Temporary credentials issued by AssumeRole. */
export interface IssuedSession extends AwsCredentials {
  sessionToken: string;
  roleArn: string;
  sessionName: string;
  expiresAt: number;
}

const SESSION_SECONDS = 3600;
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export class SimulatedSts {
  private readonly sessions = new Map<string, IssuedSession>();

  constructor(
    private readonly roles: SimulatedRole[],
    private readonly account: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The session of temporary credentials `accessKeyId`, if issued and not expired. */
  session(accessKeyId: string): IssuedSession | undefined {
    const session = this.sessions.get(accessKeyId);
    return session && session.expiresAt > this.now() ? session : undefined;
  }

  /** Every issued credential, for signature checks. */
  credentials(): AwsCredentials[] {
    return [...this.sessions.values()];
  }

  role(roleArn: string): SimulatedRole | undefined {
    return this.roles.find(r => r.roleArn === roleArn);
  }

  /** `POST /` with `Action=AssumeRole`; the caller's signature is checked before. */
  assumeRole(ctx: RequestContext): HttpResponse {
    const form = new URLSearchParams(ctx.body.toString('utf8'));
    if (form.get('Action') !== 'AssumeRole') {
      return stsError(
        400,
        'InvalidAction',
        `Could not find operation ${form.get('Action') ?? ''}`,
      );
    }
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return stsError(
        400,
        'ValidationError',
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
      );
    }
    if (!this.role(roleArn)) {
      return stsError(
        403,
        'AccessDenied',
        `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const session: IssuedSession = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(48).toString('base64'),
      roleArn,
      sessionName,
      expiresAt: this.now() + SESSION_SECONDS * 1000,
    };
    this.sessions.set(session.accessKeyId, session);
    const roleName = roleArn.split('/').pop();
    const xml = `<AssumeRoleResponse xmlns="${STS_NS}">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${session.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>
      <SessionToken>${session.sessionToken}</SessionToken>
      <Expiration>${new Date(session.expiresAt).toISOString()}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROA${randomBytes(8)
        .toString('hex')
        .toUpperCase()}:${sessionName}</AssumedRoleId>
      <Arn>arn:aws:sts::${
        this.account
      }:assumed-role/${roleName}/${sessionName}</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;
    return {
      status: 200,
      raw: xml,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
    };
  }
}

/** The IAM identity of a session as MWAA names it: `assumed-role/<role name>/<session>`. */
export function assumedRoleIdentity(session: IssuedSession): string {
  return `assumed-role/${session.roleArn.split('/').pop()}/${
    session.sessionName
  }`;
}

export function stsError(
  status: number,
  code: string,
  message: string,
): HttpResponse {
  const type = status >= 500 ? 'Receiver' : 'Sender';
  return {
    status,
    raw: `<ErrorResponse xmlns="${STS_NS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(
      message,
    )}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': randomUUID() },
  };
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
