import type { AirflowAuditRecord } from '@airflow-portal/plugin-airflow-common';
import { wrapServer } from '@backstage/backend-openapi-utils/testUtils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import { AuditTrail } from '../audit/AuditTrail';
import { AUDIT_OWNERS_TABLE } from '../audit/auditFilter';
import { AUDIT_TABLE, KnexAuditStore } from '../audit/KnexAuditStore';
import type { EnvironmentConfig } from '../config/types';
import { EnvironmentRegistry } from '../environments/EnvironmentRegistry';
import { auditOwners } from '../operations/auditOwners';
import { RunOperations } from '../operations/RunOperations';
import { DagOperations } from '../operations/DagOperations';
import { EnvironmentWebLogin } from '../operations/EnvironmentWebLogin';
import { AirflowAuthorizer } from '../permissions/AirflowAuthorizer';
import { DagResources } from '../permissions/DagResources';
import { EntityReads } from '../permissions/EntityReads';
import { dagRules, entityRules, rulesetOf } from '../permissions/rules';
import { createRouter } from '../router/createRouter';
import { ApprovalOperations } from '../operations/ApprovalOperations';
import { BackfillOperations } from '../operations/BackfillOperations';
import { ApprovalsAndBackfillsReader } from '../service/ApprovalsAndBackfillsReader';
import { spec } from '../schema/openapi';
import { InMemoryCache } from '../service/__testUtils__/InMemoryCache';
import { RecentValues } from '../service/RecentValues';
import { AirflowInventory } from '../service/AirflowInventory';
import { AirflowService } from '../service/AirflowService';
import { dagOwnerRefs } from '../permissions/dagOwnerRefs';
import type { WebLoginSource } from '../transport/mwaaWebLogin';
import type { AirflowTransport } from '../transport/types';
import { FakeAirflowTransport, type FakeDag } from './FakeAirflowTransport';

/*
 * The plugin's router on its own, as Backstage tests its plugins' routers:
 * reached through Backstage's OpenAPI test proxy (`wrapServer`), which checks
 * every request and answer against openapi.yaml and fails the test on a
 * mismatch. Behind it the real service, authorizer, operations and audit
 * trail (SQLite in memory), with a fake Airflow per environment and a
 * catalog of `entities`. Built once per test file (the validator compiles
 * the spec on first use, which takes seconds); `reset` gives each test a
 * fresh Airflow, cache and audit trail.
 */

export interface RouterTestAppOptions {
  /** The environments, each answered by a FakeAirflowTransport serving `dags`. */
  environments: EnvironmentConfig[];
  dags: FakeDag[];
  entities: Entity[];
  /** The permission decisions; default: everything allowed. */
  authorize?: PermissionsService['authorize'];
  /** The decisions on resource permissions asked without a resource (the `airflow-dag` ones); default: allowed. */
  authorizeConditional?: PermissionsService['authorizeConditional'];
  /** `airflow.permissions.trustAnnotations`; default false. */
  trustAnnotations?: boolean;
  /**
   * The environments' web login (sign-in URL); default: every environment
   * has one, answering `FAKE_WEB_LOGIN_URL` with its name.
   */
  webLoginOf?: (environment: string) => WebLoginSource | undefined;
}

/** What the default web login of the test app answers for `environment`. */
export const fakeWebLoginUrl = (environment: string) =>
  `https://${environment}.airflow.example/aws_mwaa/aws-console-sso?login=true#token-of-${environment}`;

export interface RouterTestApp {
  /** Base URL of the proxy, for supertest: `request(app.url)`. */
  url: string;
  /**
   * The router without the proxy, for requests the spec forbids that are
   * not answered 400 (the proxy holds only a 400 to be a refusal), e.g. an
   * invalid body without a token: `request(app.unchecked)`.
   */
  unchecked: express.Express;
  /** This test's Airflow of each environment, by name (new after `reset`). */
  airflow: Record<string, FakeAirflowTransport>;
  /** The audit trail, newest first. */
  auditRecords(): Promise<AirflowAuditRecord[]>;
  /** What the router and the operations logged (a jest mock of every level). */
  logger: ReturnType<typeof mockServices.logger.mock>;
  /** A fresh Airflow, cache and audit trail for the next test. */
  reset(): Promise<void>;
}

// Created as the test file loads, so that it can register its clean-up.
const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const allowAll: PermissionsService['authorize'] = async requests =>
  requests.map(() => ({ result: AuthorizeResult.ALLOW }));

const allowAllQueries: PermissionsService['authorizeConditional'] =
  async requests => requests.map(() => ({ result: AuthorizeResult.ALLOW }));

export async function startRouterTestApp(
  options: RouterTestAppOptions,
): Promise<RouterTestApp> {
  const freshAirflow = () =>
    Object.fromEntries(
      options.environments.map(({ name }) => [
        name,
        new FakeAirflowTransport(name, structuredClone(options.dags)),
      ]),
    );
  let airflow = freshAirflow();
  // The registry keeps its transports; each forwards to the current fake.
  const registry = new EnvironmentRegistry(
    options.environments,
    ({ name }): AirflowTransport => ({
      kind: 'jwt',
      request: (apiVersion, req) => airflow[name].request(apiVersion, req),
      detectApiVersion: () => airflow[name].detectApiVersion(),
    }),
  );

  const knex = await databases.init('SQLITE_3');
  const auditStore = await KnexAuditStore.create({
    database: { getClient: async () => knex },
  });
  const cache = new InMemoryCache();
  const recentValues = new RecentValues(500);
  const catalog = catalogServiceMock({ entities: options.entities });
  const logger = mockServices.logger.mock();
  const service = new AirflowService({
    environments: registry,
    cache,
    catalog,
    logger,
    recentValues,
  });
  const permissions = mockServices.permissions.mock({
    authorize: options.authorize ?? allowAll,
    authorizeConditional: options.authorizeConditional ?? allowAllQueries,
  });
  const dagResources = new DagResources({
    environments: registry,
    dags: service,
    trustedAnnotations: options.trustAnnotations
      ? { catalog, auth: mockServices.auth() }
      : undefined,
  });
  const authorizer = new AirflowAuthorizer({
    permissions,
    dagRuleset: rulesetOf(dagRules),
    dagResources,
  });
  const event = { success: async () => {}, fail: async () => {} };
  const audit = new AuditTrail({
    store: auditStore,
    auditor: mockServices.auditor.mock({ createEvent: async () => event }),
    logger,
    ownersOf: auditOwners({ catalog, auth: mockServices.auth() }),
  });
  const actionContext = {
    environments: registry,
    dags: service,
    authorizer,
    audit,
  };
  const operations = new DagOperations(actionContext);
  const webLogin = new EnvironmentWebLogin({
    environments: registry,
    authorizer,
    audit,
    webLoginOf:
      options.webLoginOf ??
      (environment => ({
        signInUrl: async () => fakeWebLoginUrl(environment),
      })),
  });
  const runOperations = new RunOperations({
    environments: registry,
    dags: service,
    authorizer,
    audit,
    auditStore,
  });
  const router = await createRouter({
    service,
    operations,
    runOperations,
    authorizer,
    entityReads: new EntityReads({
      permissions,
      airflowEntityRules: () => rulesetOf(entityRules),
    }),
    auditStore,
    inventory: new AirflowInventory({
      environments: registry,
      service,
      ownerRefsOf: (environment, dag) =>
        dagOwnerRefs(environment.dagOwners, dag),
    }),
    approvalsAndBackfills: {
      reader: new ApprovalsAndBackfillsReader({
        environments: registry,
        service,
        cache,
        logger,
      }),
      approvals: new ApprovalOperations({
        ...actionContext,
        records: auditStore,
      }),
      backfills: new BackfillOperations({
        ...actionContext,
        records: auditStore,
      }),
    },
    webLogin,
    // Without an Authorization header a request has no credentials (401).
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    logger,
  });

  const app = express()
    .get('/openapi.json', (_req, res) => {
      res.json(withoutFormats(spec));
    })
    .use(router);
  const proxy = await wrapServer(listeningOnIpv4(app));
  // wrapServer answers `address()` with the proxy's URL; supertest since
  // 7.3 reads a socket address from it, so tests are given the URL itself.
  const url = (proxy.address() as unknown as URL).origin;

  return {
    url,
    unchecked: app,
    get airflow() {
      return airflow;
    },
    logger,
    async auditRecords() {
      return (await auditStore.query({ limit: 1000 })).items;
    },
    async reset() {
      airflow = freshAirflow();
      cache.clear();
      recentValues.clear();
      await knex(AUDIT_OWNERS_TABLE).delete();
      await knex(AUDIT_TABLE).delete();
    },
  };
}

/**
 * The app as wrapServer starts it, but listening on 127.0.0.1 only: on every
 * interface, its proxy forwards to `localhost` over IPv6 (::1 answers),
 * which fails where `localhost` names 127.0.0.1 only.
 */
function listeningOnIpv4(app: express.Express): express.Express {
  return {
    listen: (port: number) => app.listen(port, '127.0.0.1'),
  } as unknown as express.Express;
}

/**
 * The spec for the test proxy, without `format` keywords: the proxy compiles
 * it with an Ajv that knows no formats and refuses unknown ones. The router's
 * own validator checks formats (e.g. `date-time`) of what it is sent.
 */
function withoutFormats(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutFormats);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        // A keyword has a string value; a property named `format` a schema.
        .filter(
          ([key, inner]) => !(key === 'format' && typeof inner === 'string'),
        )
        .map(([key, inner]) => [key, withoutFormats(inner)]),
    );
  }
  return value;
}
