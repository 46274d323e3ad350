import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  boundComponent,
  prodEnvironment,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';

/*
 * Every route, four callers: no token (401), a user without the permission
 * (403), a user a conditional policy allows on an entity their team owns
 * (200), and the same user on an entity another team owns (403).
 */

const component = (name: string, owner: string) =>
  boundComponent(name, 'prod', 'checkout', owner);

const owners: Record<string, string> = {
  'component:default/shop': 'group:default/team-a',
  'component:default/billing': 'group:default/team-b',
};

/** alice (team-a): a policy like the demo's "owners operate their DAGs"; nobody: nothing. */
const policy: PermissionsService['authorize'] = async (requests, options) => {
  const principal = options?.credentials.principal as {
    userEntityRef?: string;
  };
  const isAlice = principal.userEntityRef === 'user:default/alice';
  return requests.map(req => {
    if (!isAlice) return { result: AuthorizeResult.DENY };
    const ref = 'resourceRef' in req ? req.resourceRef : undefined;
    if (req.permission.name === 'airflow.environment.operate') {
      return {
        result: ref === 'prod' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    if (ref === undefined) return { result: AuthorizeResult.ALLOW };
    return {
      result:
        owners[ref as string] === 'group:default/team-a'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    };
  });
};

const alice = mockCredentials.user.header('user:default/alice');
const nobody = mockCredentials.user.header('user:default/nobody');

async function startBackend() {
  const prod = new FakeAirflowTransport('prod', [
    { dagId: 'checkout', tags: [], runs: 3 },
  ]);
  const permissions = mockServices.permissions.mock({
    authorize: policy,
    authorizeConditional: async () => {
      throw new Error('not used');
    },
  });
  const { server } = await startAirflowTestBackend({
    plugin: { transportFactory: () => prod },
    environments: [prodEnvironment],
    entities: [component('shop', 'team-a'), component('billing', 'team-b')],
    services: [
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      permissions.factory,
    ],
  });
  return { server, prod };
}

type Method = 'get' | 'post' | 'patch';
interface Route {
  name: string;
  method: Method;
  /** `:entity` is replaced by the entity's path. */
  path: string;
  body?: unknown;
  entityScoped: boolean;
}

const dag =
  '/entities/default/component/:entity/environments/prod/dags/checkout';
let requestCounter = 0;
const routes: Route[] = [
  {
    name: 'environments',
    method: 'get',
    path: '/environments',
    entityScoped: false,
  },
  {
    name: 'environment',
    method: 'get',
    path: '/environments/prod',
    entityScoped: false,
  },
  {
    name: 'import errors',
    method: 'get',
    path: '/environments/prod/import-errors',
    entityScoped: false,
  },
  { name: 'audit', method: 'get', path: '/audit', entityScoped: false },
  {
    name: 'entity DAGs',
    method: 'get',
    path: '/entities/default/component/:entity/dags',
    entityScoped: true,
  },
  {
    name: 'DAG details',
    method: 'get',
    path: `${dag}/details`,
    entityScoped: true,
  },
  { name: 'runs', method: 'get', path: `${dag}/runs`, entityScoped: true },
  {
    name: 'tasks',
    method: 'get',
    path: `${dag}/runs/run_1/tasks`,
    entityScoped: true,
  },
  {
    name: 'log',
    method: 'get',
    path: `${dag}/runs/run_1/tasks/extract/logs/1`,
    entityScoped: true,
  },
  {
    name: 'trigger',
    method: 'post',
    path: `${dag}/runs`,
    body: { requestId: 'x' },
    entityScoped: true,
  },
  {
    name: 'pause',
    method: 'patch',
    path: dag,
    body: { isPaused: true },
    entityScoped: true,
  },
];

function send(server: any, route: Route, entity: string, header?: string) {
  const path = `/api/airflow${route.path.replace(':entity', entity)}`;
  let req = request(server)[route.method](path);
  if (header) req = req.set('Authorization', header);
  if (route.body) {
    const body = { ...(route.body as object) };
    if ('requestId' in body) {
      (body as { requestId: string }).requestId = `req-${++requestCounter}`;
    }
    req = req.send(body);
  }
  return req;
}

describe('permissions on every route', () => {
  it.each(routes.map(r => [r.name, r] as const))('%s', async (_name, route) => {
    const { server } = await startBackend();

    expect((await send(server, route, 'shop')).status).toBe(401);

    const denied = await send(server, route, 'shop', nobody);
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');
    expect(denied.body.error.message).toMatch(/airflow\.[a-z.]+ .*required/);

    const allowed = await send(server, route, 'shop', alice);
    expect(allowed.status).toBe(200);
  });

  it.each(routes.filter(r => r.entityScoped).map(r => [r.name, r] as const))(
    '%s: not on an entity of another team',
    async (_name, route) => {
      const { server, prod } = await startBackend();
      const notOwned = await send(server, route, 'billing', alice);
      expect(notOwned.status).toBe(403);
      // A denial never reaches Airflow.
      expect(prod.calls).toHaveLength(0);
    },
  );

  it('requires operate on the environment as well as the DAG permission', async () => {
    const prod = new FakeAirflowTransport('prod', [
      { dagId: 'checkout', tags: [], runs: 3 },
    ]);
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(req => ({
          result:
            req.permission.name === 'airflow.environment.operate'
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const { server } = await startAirflowTestBackend({
      plugin: { transportFactory: () => prod },
      environments: [
        {
          ...prodEnvironment,
          auth: { type: 'jwt', username: 'p', password: 's' },
        },
      ],
      entities: [component('shop', 'team-a')],
      services: [permissions.factory],
    });
    const res = await request(server)
      .post(`/api/airflow${dag.replace(':entity', 'shop')}/runs`)
      .set('Authorization', alice)
      .send({ requestId: 'y' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'airflow.environment.operate on environment "prod"',
    );
    expect(prod.triggered).toBe(0);
  });
});
