import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import { testEnvironment } from '../__testUtils__/testEnvironments';
import { UpstreamError } from '../transport/errors';

/*
 * GET /inventory: what the catalog and search modules publish. The
 * permission walk (permissions.test.ts) covers who may call it; this covers
 * what it answers.
 */

let app: RouterTestApp;
const service = mockCredentials.service.header();

beforeAll(async () => {
  const prod = {
    ...testEnvironment('prod'),
    owner: 'group:default/platform-team',
    dagOwners: {
      template: undefined,
      owners: { 'team-b': ['group:default/team-b'] },
    },
  };
  app = await startRouterTestApp({
    environments: [prod],
    dags: [
      { dagId: 'checkout', tags: ['shop'], runs: 1, owners: ['team-b'] },
      { dagId: 'nobody', tags: [], runs: 0, owners: ['stranger'] },
    ],
    entities: [],
  });
});
beforeEach(() => app.reset());

describe('GET /inventory', () => {
  it('lists each environment as it may be shown, with its version, and no DAG unless asked', async () => {
    const res = await request(app.url)
      .get('/inventory')
      .set('Authorization', service);
    expect(res.status).toBe(200);
    expect(res.body.environments).toEqual([
      expect.objectContaining({
        name: 'prod',
        title: 'PROD',
        owner: 'group:default/platform-team',
        uiUrl: 'https://prod.airflow.example.com',
        transport: 'jwt',
        apiVersion: 'v2',
      }),
    ]);
    expect(res.body.environments[0].dags).toBeUndefined();
    // Never the connection: no base URL beyond the UI's, no credential.
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('portal');
    expect(Object.keys(res.body.environments[0])).not.toContain('connection');
  });

  it('lists every DAG with the catalog refs its owners map to when asked', async () => {
    const res = await request(app.url)
      .get('/inventory?includeDags=true')
      .set('Authorization', service);
    expect(res.status).toBe(200);
    const [prod] = res.body.environments;
    expect(
      prod.dags.map((d: { dagId: string; ownerRefs: string[] }) => [
        d.dagId,
        d.ownerRefs,
      ]),
    ).toEqual([
      ['checkout', ['group:default/team-b']],
      // An owner the mapping does not name maps to nothing (no template).
      ['nobody', []],
    ]);
  });

  it('names an environment whose DAGs cannot be read, and still answers', async () => {
    app.airflow.prod.failWith = new UpstreamError(
      'Airflow environment "prod" failed',
      { environment: 'prod', kind: 'unavailable', status: 503 },
    );
    const res = await request(app.url)
      .get('/inventory?includeDags=true')
      .set('Authorization', service);
    expect(res.status).toBe(200);
    const [prod] = res.body.environments;
    expect(prod.dags).toBeUndefined();
    expect(prod.error).toEqual(
      expect.objectContaining({ name: 'UpstreamError' }),
    );
  });
});
