import { mockCredentials } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { UpstreamError } from '../transport/errors';
import type { WebLoginSource } from '../transport/mwaaWebLogin';

/*
 * POST /environments/:environment/web-login through the router: allowed,
 * denied, failed, not configured; one audit record per attempt, and the
 * token in none of the records nor the logs.
 */

jest.setTimeout(60_000);

const TOKEN = 'web-token-that-must-stay-secret';
const SIGN_IN_URL = `https://payments.example/aws_mwaa/aws-console-sso?login=true#${TOKEN}`;

/** The web login of `payments`; `plain` has none. */
let source: WebLoginSource;
/** Environments on which alice has airflow.environment.webLogin. */
let grantedOn: string[];

const authorize: PermissionsService['authorize'] = async (requests, options) =>
  requests.map(req => {
    const user = (options?.credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const resourceRef = 'resourceRef' in req ? req.resourceRef : undefined;
    const allowed =
      user === 'user:default/alice' &&
      req.permission.name === 'airflow.environment.webLogin' &&
      resourceRef !== undefined &&
      grantedOn.includes(resourceRef);
    return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  });

const alice = mockCredentials.user.header('user:default/alice');
let app: RouterTestApp;

beforeAll(async () => {
  app = await startRouterTestApp({
    environments: [
      { ...testEnvironment('payments'), production: true },
      testEnvironment('plain'),
    ],
    dags: [],
    entities: [],
    authorize,
    webLoginOf: name => (name === 'payments' ? source : undefined),
  });
});
beforeEach(async () => {
  await app.reset();
  app.logger.error.mockClear();
  app.logger.warn.mockClear();
  app.logger.info.mockClear();
  grantedOn = ['payments'];
  source = { signInUrl: async () => SIGN_IN_URL };
});

const signIn = (environment: string) =>
  request(app.url)
    .post(`/environments/${environment}/web-login`)
    .set('Authorization', alice);

/** Everything written to the audit trail and the logs, as one text. */
async function recordedText() {
  const logged = [app.logger.error, app.logger.warn, app.logger.info].flatMap(
    fn => fn.mock.calls,
  );
  return JSON.stringify([await app.auditRecords(), logged]);
}

describe('POST /environments/:environment/web-login', () => {
  it('answers the sign-in URL, uncached, and records the attempt without it', async () => {
    const res = await signIn('payments');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ url: SIGN_IN_URL });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(await app.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'environment.web-login',
        outcome: 'succeeded',
        actor: 'user:default/alice',
        environment: 'payments',
        dagId: '',
        entityRef: '',
      }),
    ]);
    expect(await recordedText()).not.toContain(TOKEN);
  });

  it('403 without airflow.environment.webLogin on the environment: denied, and no token is created', async () => {
    grantedOn = ['another-environment'];
    const created = jest.fn(async () => SIGN_IN_URL);
    source = { signInUrl: created };

    const res = await signIn('payments');

    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.error.message).toBe(
      'Permission airflow.environment.webLogin on environment "payments" is required',
    );
    expect(created).not.toHaveBeenCalled();
    expect((await app.auditRecords()).map(r => r.outcome)).toEqual(['denied']);
  });

  it('a refused CreateWebLoginToken is a failed record and a 502', async () => {
    source = {
      signInUrl: async () => {
        throw new UpstreamError(
          'Airflow environment "payments": AccessDeniedException: not authorized to perform airflow:CreateWebLoginToken',
          { environment: 'payments', kind: 'auth', status: 403 },
        );
      },
    };

    const res = await signIn('payments');

    expect(res.status).toBe(502);
    expect(res.body.error.name).toBe('UpstreamError');
    expect(await app.auditRecords()).toEqual([
      expect.objectContaining({
        action: 'environment.web-login',
        outcome: 'failed',
        upstreamStatus: 403,
      }),
    ]);
  });

  it('409 for an environment without web login, 404 for an unknown one; nothing is recorded', async () => {
    const plain = await signIn('plain');
    expect(plain.status).toBe(409);
    expect(plain.body.error).toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('has no web login configured'),
    });

    const unknown = await signIn('nowhere');
    expect(unknown.status).toBe(404);

    expect(await app.auditRecords()).toEqual([]);
  });
});
