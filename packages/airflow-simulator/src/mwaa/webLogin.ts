import { randomBytes } from 'crypto';
import { HttpResponse, RequestContext } from '../http/types';
import { accessDenied, awsError, notFound, ok } from './errors';
import { assumedRoleIdentity, SimulatedSts } from './sts';

/*
 * MWAA's CreateWebLoginToken (`POST /webtoken/{Name}`, restJson1) and a
 * stand-in for the web server's sign-in: the page the MWAA user guide's
 * URL opens (`/aws_mwaa/aws-console-sso?login=true#<token>`) and the form
 * login it uses (`POST /aws_mwaa/login`, `token=<WebToken>`). Only sessions
 * of roles assumed through the simulated STS may create tokens, so a test
 * can prove which identity signed the call: any other signer is refused
 * (403 AccessDeniedException) and counted.
 */

/** A web login token lives 60 seconds (MWAA user guide). */
const TOKEN_TTL_MS = 60_000;

interface IssuedToken {
  environment: string;
  airflowIdentity: string;
  airflowRole: string;
  expiresAt: number;
}

/** The sign-in page: the token is in the fragment, which never reaches a server. */
const SIGN_IN_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Airflow sign-in (simulated Amazon MWAA)</title></head>
<body>
<h1>Airflow sign-in (simulated Amazon MWAA)</h1>
<p id="status">Signing in…</p>
<script>
  const token = location.hash.slice(1);
  // The token is single use: keep it out of the address bar and history.
  history.replaceState(null, '', location.pathname + location.search);
  fetch('/aws_mwaa/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }),
  })
    .then(res => res.json())
    .then(answer => {
      document.getElementById('status').textContent = answer.airflowIdentity
        ? 'Signed in to ' + answer.environment + ' as ' + answer.airflowIdentity + ' (' + answer.airflowRole + ')'
        : 'Sign-in failed: ' + answer.message;
    });
</script>
</body>
</html>
`;

export interface WebLoginCounters {
  /** Tokens created, by IAM identity (`assumed-role/<role>/<session>`). */
  created(identity: string): void;
  /** Refused creations, by the access key id that signed them. */
  refused(accessKeyId: string): void;
}

export class SimulatedWebLogin {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly sts: SimulatedSts,
    private readonly hostnameOf: (environment: string) => string | undefined,
    private readonly counters: WebLoginCounters,
    private readonly now: () => number = Date.now,
  ) {}

  /** CreateWebLoginToken, once the SigV4 signature is known to be valid. */
  createToken(ctx: RequestContext): HttpResponse {
    const accessKeyId = signingKeyId(ctx);
    const session = this.sts.session(accessKeyId);
    if (!session) {
      this.counters.refused(accessKeyId);
      return accessDenied(
        `User: ${accessKeyId} is not authorized to perform: airflow:CreateWebLoginToken`,
      );
    }
    const sent = ctx.req.headers['x-amz-security-token'];
    if (sent !== session.sessionToken) {
      this.counters.refused(accessKeyId);
      return awsError(403, 'UnrecognizedClientException', {
        message: 'The security token included in the request is invalid.',
      });
    }
    const environment = ctx.params.Name;
    const hostname = this.hostnameOf(environment);
    if (!hostname) return notFound(`Environment ${environment} not found`);
    const iamIdentity = assumedRoleIdentity(session);
    const airflowRole = this.sts.role(session.roleArn)?.airflowRole ?? 'Viewer';
    const webToken = randomBytes(32).toString('base64url');
    this.tokens.set(webToken, {
      environment,
      airflowIdentity: iamIdentity.slice(0, 64),
      airflowRole,
      expiresAt: this.now() + TOKEN_TTL_MS,
    });
    this.counters.created(iamIdentity);
    return ok({
      WebToken: webToken,
      WebServerHostname: hostname,
      IamIdentity: iamIdentity,
      AirflowIdentity: iamIdentity.slice(0, 64),
    });
  }

  /** The form login: a token works once, within its minute. */
  login(ctx: RequestContext): HttpResponse {
    const token = new URLSearchParams(ctx.body.toString('utf8')).get('token');
    const issued = token ? this.tokens.get(token) : undefined;
    if (token) this.tokens.delete(token);
    if (!issued || issued.expiresAt <= this.now()) {
      return { status: 403, body: { message: 'Invalid or expired token' } };
    }
    return {
      status: 200,
      body: {
        environment: issued.environment,
        airflowIdentity: issued.airflowIdentity,
        airflowRole: issued.airflowRole,
      },
    };
  }

  /** What the user guide's sign-in URL opens: signs in with the fragment's token. */
  signInPage(): HttpResponse {
    return {
      status: 200,
      raw: SIGN_IN_PAGE,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      },
    };
  }
}

function signingKeyId(ctx: RequestContext): string {
  const auth = String(ctx.req.headers.authorization ?? '');
  return /Credential=([^/]+)\//.exec(auth)?.[1] ?? '';
}
