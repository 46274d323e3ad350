import {
  startAirflowSimulator,
  type AirflowSimulator,
} from '@airflow-portal/airflow-simulator';
import airflowPlugin from '@airflow-portal/plugin-airflow-backend';
import rbacPlugin from '@backstage-community/plugin-rbac-backend';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  coreServices,
  createServiceFactory,
  type AuthService,
  type BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/*
 * The demo policy in rbac/, loaded by the community RBAC plugin as the portal
 * loads it, with the real catalog reading examples/, the Airflow plugin with
 * the environments of app-config.yaml (their tags and DAG owner mappings) in
 * front of a simulated Airflow, and one environment added later without tags.
 * Each row of the README's table "Demo users and what they may do" is checked
 * through the permission backend's HTTP API, as the browser asks it.
 */

jest.setTimeout(300_000);

const root = resolve(__dirname, '../../..');
const file = (path: string) => resolve(root, path);

type Users = 'guest' | 'alice' | 'bob' | 'carol' | 'pat';
const USERS: Users[] = ['guest', 'alice', 'bob', 'carol', 'pat'];

/** The groups each demo user is a member of, from examples/org.yaml. */
function membership(): Map<string, string[]> {
  const docs = parseAllDocuments(
    readFileSync(file('examples/org.yaml'), 'utf8'),
  ).map(doc => doc.toJS());
  return new Map(
    docs
      .filter(doc => doc.kind === 'User')
      .map(doc => [
        `user:default/${doc.metadata.name}`,
        (doc.spec.memberOf ?? []).map((g: string) => `group:default/${g}`),
      ]),
  );
}

/** app-config.yaml's environments, reached through the simulator, and one new untagged one. */
function environments(sim: AirflowSimulator) {
  const appConfig = parse(readFileSync(file('app-config.yaml'), 'utf8'));
  const connection = {
    baseUrl: sim.url,
    // The simulator listens on plain http on loopback.
    allowInsecureHttp: true,
    apiVersion: 'v2',
    auth: { type: 'jwt', username: 'admin', password: 'admin' },
  };
  const configured = appConfig.airflow.environments.map(
    (env: Record<string, unknown>) => ({
      name: env.name,
      tags: env.tags,
      production: env.production,
      dagOwners: env.dagOwners,
      ...connection,
    }),
  );
  return [...configured, { name: 'analytics-new', ...connection }];
}

const dagPermission = (name: string, action?: string) => ({
  type: 'resource',
  name,
  attributes: action ? { action } : {},
  resourceType: 'airflow-dag',
});
const trigger = dagPermission('airflow.dag.trigger', 'create');
const pause = dagPermission('airflow.dag.pause', 'update');
const logs = dagPermission('airflow.task.log.read');
const clear = dagPermission('airflow.dag.clear', 'update');
const mark = dagPermission('airflow.dag.run.mark', 'update');
const note = dagPermission('airflow.dag.note', 'update');
const hitlRespond = dagPermission('airflow.dag.hitl.respond');
const backfill = dagPermission('airflow.dag.backfill');
const dagRead = {
  type: 'resource',
  name: 'airflow.dag.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
};
const environmentRead = {
  type: 'basic',
  name: 'airflow.environment.read',
  attributes: { action: 'read' },
};
const inventoryRead = {
  type: 'basic',
  name: 'airflow.inventory.read',
  attributes: { action: 'read' },
};
const auditRead = {
  type: 'resource',
  name: 'airflow.audit.read',
  attributes: { action: 'read' },
  resourceType: 'airflow-audit-record',
};

const importErrorsRead = {
  type: 'resource',
  name: 'airflow.environment.importErrors.read',
  attributes: { action: 'read' },
  resourceType: 'airflow-environment',
};

const webLogin = {
  type: 'resource',
  name: 'airflow.environment.webLogin',
  attributes: {},
  resourceType: 'airflow-environment',
};

/** [what, permission, resource ref, who may]: the README's table, one right at a time. */
const TABLE: Array<[string, object, string | undefined, Users[]]> = [
  ['see environments', environmentRead, undefined, USERS],
  [
    'see orders-service',
    dagRead,
    'component:default/orders-service',
    ['guest', 'alice', 'pat'],
  ],
  [
    'see the team-data page',
    dagRead,
    'group:default/team-data',
    ['guest', 'alice', 'pat'],
  ],
  [
    'see payments-reconciliation',
    dagRead,
    'component:default/payments-reconciliation',
    ['bob', 'pat'],
  ],
  [
    'see campaign-analytics',
    dagRead,
    'component:default/campaign-analytics',
    ['carol', 'pat'],
  ],
  [
    'trigger team-data’s DAG in legacy-etl',
    trigger,
    'legacy-etl:orders_daily_load',
    ['guest', 'alice', 'pat'],
  ],
  [
    'pause team-data’s DAG in legacy-etl',
    pause,
    'legacy-etl:orders_hourly_sync',
    ['guest', 'alice', 'pat'],
  ],
  [
    'trigger team-data’s DAG in production',
    trigger,
    'data-prod:orders_daily_load',
    ['pat'],
  ],
  [
    'trigger team-data’s DAG in mwaa-payments',
    trigger,
    'mwaa-payments:orders_daily_load',
    ['pat'],
  ],
  [
    'trigger team-payments’ DAG in mwaa-payments',
    trigger,
    'mwaa-payments:payments_reconcile',
    ['bob', 'pat'],
  ],
  [
    'pause team-payments’ DAG in mwaa-payments',
    pause,
    'mwaa-payments:payments_fx_rates',
    ['bob', 'pat'],
  ],
  [
    'trigger team-payments’ DAG in legacy-etl',
    trigger,
    'legacy-etl:payments_reconcile',
    ['pat'],
  ],
  // The forged annotation: orders-service claiming the payments DAGs changes nothing.
  [
    'trigger it through a team-data entity',
    trigger,
    'mwaa-payments:payments_reconcile@component:default/orders-service',
    ['bob', 'pat'],
  ],
  [
    'trigger the platform’s DAG in legacy-etl',
    trigger,
    'legacy-etl:data_quality_checks',
    ['pat'],
  ],
  [
    'trigger in a new untagged environment',
    trigger,
    'analytics-new:orders_daily_load',
    ['pat'],
  ],
  [
    'pause in a new untagged environment',
    pause,
    'analytics-new:payments_reconcile',
    ['pat'],
  ],
  [
    'read logs of team-data’s DAG',
    logs,
    'data-prod:orders_daily_load',
    ['guest', 'alice', 'pat'],
  ],
  [
    'read logs of customer-360 (owner mapped to team-data)',
    logs,
    'data-prod:customer_360_build',
    ['guest', 'alice', 'pat'],
  ],
  [
    'read logs of team-payments’ DAG',
    logs,
    'mwaa-payments:payments_reconcile',
    ['bob', 'pat'],
  ],
  [
    'read logs of marketing’s DAG',
    logs,
    'legacy-etl:campaign_attribution',
    ['carol', 'pat'],
  ],
  ['read the audit trail', auditRead, undefined, ['pat']],
  // Everyone else sees the import errors of files whose DAGs they may read the logs of.
  [
    'read every import error of legacy-etl',
    importErrorsRead,
    'legacy-etl',
    ['pat'],
  ],
  [
    'read every import error of a new untagged environment',
    importErrorsRead,
    'analytics-new',
    ['pat'],
  ],
  // Every DAG of every environment: the catalog and search modules' read.
  ['read the inventory', inventoryRead, undefined, ['pat']],
  [
    'open mwaa-payments’ Airflow UI signed in',
    webLogin,
    'mwaa-payments',
    ['bob', 'pat'],
  ],
  // Clear, mark and note: the platform team only. The RBAC plugin's conditional
  // YAML maps `update` to airflow.dag.pause alone, so a CSV grant of these to
  // a team's operator role would be unconditional; scoping them needs a code policy.
  [
    'clear team-data’s DAG in legacy-etl',
    clear,
    'legacy-etl:orders_daily_load',
    ['pat'],
  ],
  [
    'mark a run of team-payments’ DAG in mwaa-payments',
    mark,
    'mwaa-payments:payments_reconcile',
    ['pat'],
  ],
  [
    'note a run of team-data’s DAG in production',
    note,
    'data-prod:orders_daily_load',
    ['pat'],
  ],
  [
    'clear marketing’s DAG in legacy-etl',
    clear,
    'legacy-etl:campaign_attribution',
    ['pat'],
  ],
  // Approvals and backfills have no action (`use`, which the RBAC plugin maps to
  // airflow.task.log.read): granted whole, to the platform team only.
  [
    'answer the approval of team-payments’ DAG in mwaa-payments',
    hitlRespond,
    'mwaa-payments:payouts',
    ['pat'],
  ],
  [
    'backfill team-data’s DAG in legacy-etl',
    backfill,
    'legacy-etl:orders_daily_load',
    ['pat'],
  ],
];

let sim: AirflowSimulator;
let server: Server;
let baseUrl: string;

async function decide(
  user: Users,
  permission: object,
  resourceRef?: string,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/permission/authorize`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: mockCredentials.user.header(`user:default/${user}`),
    },
    body: JSON.stringify({
      items: [{ id: '1', permission, ...(resourceRef ? { resourceRef } : {}) }],
    }),
  });
  if (!res.ok) {
    throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  }
  const body = await res.json();
  return body.items[0].result;
}

beforeAll(async () => {
  sim = await startAirflowSimulator({ flavor: 'airflow3', port: 0 });
  const groups = membership();
  // Ownership refs as the portal's sign-in resolvers give them: the user and its groups.
  const userInfo = createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials: BackstageCredentials) {
        const { userEntityRef } = credentials.principal as {
          userEntityRef: string;
        };
        return {
          userEntityRef,
          ownershipEntityRefs: [
            userEntityRef,
            ...(groups.get(userEntityRef) ?? []),
          ],
        };
      },
    }),
  });
  // The mock auth reads a token on behalf of a user as the user alone; the
  // real one keeps the plugin acting for them (`actor`), which plugins'
  // apply-conditions endpoints require. Add it, as the real tokens carry it.
  const auth = createServiceFactory({
    service: coreServices.auth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }) {
      const inner = mockServices.auth({ pluginId: plugin.getId() });
      const authenticate: AuthService['authenticate'] = async (
        token,
        options,
      ) => {
        const prefix = 'mock-service-token:';
        if (token.startsWith(prefix)) {
          const { obo, sub } = JSON.parse(token.slice(prefix.length));
          if (obo) {
            await inner.authenticate(token, options); // checks the target
            return mockCredentials.user(obo, {
              actor: { subject: sub ?? 'plugin:permission' },
            });
          }
        }
        return inner.authenticate(token, options);
      };
      return Object.assign(Object.create(inner), { authenticate });
    },
  });
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      rbacPlugin,
      airflowPlugin,
      userInfo,
      auth,
      // Backstage's own, on the auth above (the mock one parses tokens itself).
      httpAuthServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          // The RBAC plugin reads the database config itself.
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'Resource',
                  'Group',
                  'User',
                  'Location',
                ],
              },
            ],
            locations: [
              { type: 'file', target: file('examples/org.yaml') },
              { type: 'file', target: file('examples/entities.yaml') },
            ],
          },
          permission: {
            enabled: true,
            rbac: {
              'policies-csv-file': file('rbac/rbac-policy.csv'),
              conditionalPoliciesFile: file('rbac/conditional-policies.yaml'),
              pluginsWithPermission: ['catalog', 'airflow', 'permission'],
              admin: { users: [{ name: 'group:default/platform-team' }] },
            },
          },
          airflow: { environments: environments(sim) },
        },
      }),
    ],
  });
  server = backend.server;
  const address = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${address.port}`;
  // The catalog reads examples/ in the background: wait until the RBAC
  // plugin sees alice in team-data, and the catalog has stitched the
  // ownership of orders-service.
  const ready = async () =>
    (await decide('alice', dagRead, 'group:default/team-data')) === 'ALLOW' &&
    (await decide('alice', dagRead, 'component:default/orders-service')) ===
      'ALLOW';
  for (let attempt = 0; !(await ready()); attempt++) {
    if (attempt > 240) {
      throw new Error('The catalog did not read examples/ in time');
    }
    await new Promise(r => setTimeout(r, 500));
  }
});

afterAll(async () => {
  await sim?.close();
});

describe('the demo RBAC policy grants exactly the README table', () => {
  it.each(TABLE)('%s', async (_what, permission, resourceRef, allowed) => {
    const decisions: Record<string, string> = {};
    for (const user of USERS) {
      decisions[user] = await decide(user, permission, resourceRef);
    }
    expect(decisions).toEqual(
      Object.fromEntries(
        USERS.map(user => [user, allowed.includes(user) ? 'ALLOW' : 'DENY']),
      ),
    );
  });
});
