import type { AirflowAuditRecord } from '@airflow-portal/plugin-airflow-common';
import {
  type BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/config';
import {
  FakeAirflowTransport,
  type FakeDag,
} from '../../__testUtils__/FakeAirflowTransport';
import {
  boundComponent,
  prodEnvironment,
  startAirflowTestBackend,
} from '../../__testUtils__/testBackend';
import { KnexAuditStore } from '../../audit/KnexAuditStore';

/*
 * The Airflow plugin on a test backend whose actions registry is Backstage's
 * mock (`actionsRegistryServiceMock`): a test invokes the registered actions
 * with the credentials it chooses, as the registry's router would after
 * authenticating a call. Behind them the real service, permission checks,
 * operations and audit trail (SQLite in memory), a fake Airflow 3 (`prod`)
 * and a catalog with `component:default/shop`, bound to `checkout`.
 */

/** Who calls, and what the permission policy of these tests lets them do. */
export const users = {
  /** Everything. */
  alice: 'user:default/alice',
  /** Reads (DAGs, runs, logs), no action on a DAG. */
  rita: 'user:default/rita',
  /** Nothing. */
  mallory: 'user:default/mallory',
};

const WRITES = new Set([
  'airflow.dag.trigger',
  'airflow.dag.pause',
  'airflow.dag.clear',
]);

function decide(permission: Permission, credentials: BackstageCredentials) {
  const { principal } = credentials as BackstageCredentials<{
    type: string;
    userEntityRef?: string;
  }>;
  const user = principal.userEntityRef;
  const allowed =
    user === users.alice ||
    (user === users.rita && !WRITES.has(permission.name));
  return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
}

// Created as the test file loads, so that it can register its clean-up.
const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

export const shop = boundComponent('shop', 'prod', 'checkout');
export const SHOP_REF = 'component:default/shop';

/** The first (newest) seeded run of a fake DAG with the default `lastRunAt`. */
export const SEEDED_RUN_ID = 'scheduled__2025-01-01T00:00:00.000Z';

export async function startActionsTestBackend(
  options: { dags?: FakeDag[] } = {},
) {
  const airflow = new FakeAirflowTransport(
    'prod',
    options.dags ?? [{ dagId: 'checkout', tags: [], runs: 2 }],
  );
  const knex = await databases.init('SQLITE_3');
  const auditStore = await KnexAuditStore.create({
    database: { getClient: async () => knex },
  });
  const registry = actionsRegistryServiceMock();
  const permissions = mockServices.permissions.mock({
    authorize: async (requests, opts) =>
      requests.map(r => decide(r.permission, opts.credentials)),
    authorizeConditional: async (requests, opts) =>
      requests.map(r => decide(r.permission, opts.credentials)),
  });
  await startAirflowTestBackend({
    plugin: { transportFactory: () => airflow, auditStore },
    environments: [prodEnvironment],
    entities: [shop],
    services: [
      permissions.factory,
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => registry,
      }),
    ],
  });

  return {
    airflow,
    registry,
    /** Invokes `airflow:<name>` (`test:<name>` in the mock registry) as `credentials`. */
    invoke(name: string, input: object, credentials: BackstageCredentials) {
      return registry.invoke({
        id: `test:${name}`,
        // As the registry's router hands it over: JSON.
        input: input as JsonObject,
        credentials,
      });
    },
    /** The audit trail, newest first. */
    async auditRecords(): Promise<AirflowAuditRecord[]> {
      return (await auditStore.query({ limit: 100 })).items;
    },
  };
}
