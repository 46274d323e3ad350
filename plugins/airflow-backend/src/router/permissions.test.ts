import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  specOperations,
  type SpecOperation,
} from '../__testUtils__/openApiOperations';
import {
  type RouterTestApp,
  startRouterTestApp,
} from '../__testUtils__/routerTestApp';
import { boundComponent } from '../__testUtils__/testBackend';
import { testEnvironment } from '../__testUtils__/testEnvironments';

/*
 * Every operation of openapi.yaml, read from the spec so that a new route
 * joins this walk: without a token 401; with a user denied any one of the
 * operation's `x-airflow-permissions` 403 naming it; with a user granted
 * exactly those, 2xx. Trigger and pause leave exactly one audit record per
 * attempt, also when refused. A route whose handler checks none of its
 * permissions answers 2xx where 403 is expected and fails here.
 */

jest.setTimeout(60_000);

const operations = specOperations({
  namespace: 'default',
  kind: 'component',
  name: 'shop',
  environment: 'prod',
  dagId: 'checkout',
  // The newest seeded run of checkout in the fake Airflow.
  runId: 'scheduled__2025-01-01T00:00:00.000Z',
});

/**
 * What the current test's policy allows: these permission names; on these
 * catalog entities (all if unset; asked without a resource, a condition
 * naming them); on the DAGs (`airflow-dag`) whose owners
 * are one of `dagOwnerClaims` (all if unset), as a conditional decision the
 * plugin applies to the DAG's Airflow metadata.
 */
let granted: {
  permissions: Set<string>;
  resourceRefs?: Set<string>;
  dagOwnerClaims?: string[];
  /** `airflow.audit.read` as a conditional decision with these conditions. */
  auditConditions?: PermissionCriteria<PermissionCondition>;
};

const isAlice = (options?: { credentials: { principal: unknown } }) =>
  (options?.credentials.principal as { userEntityRef?: string })
    .userEntityRef === 'user:default/alice';
/** Another backend plugin: the policy under test grants it what it grants alice. */
const isService = (options?: { credentials: { principal: unknown } }) =>
  (options?.credentials.principal as { type?: string }).type === 'service';
const isCaller = (options?: { credentials: { principal: unknown } }) =>
  isAlice(options) || isService(options);

const authorize: PermissionsService['authorize'] = async (
  requests,
  options,
) => {
  return requests.map(req => {
    const resourceRef = 'resourceRef' in req ? req.resourceRef : undefined;
    const allowed =
      isCaller(options) &&
      granted.permissions.has(req.permission.name) &&
      (granted.resourceRefs === undefined ||
        resourceRef === undefined ||
        granted.resourceRefs.has(resourceRef));
    return {
      result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    };
  });
};

const authorizeConditional: PermissionsService['authorizeConditional'] = async (
  requests,
  options,
) =>
  requests.map(req => {
    if (!isCaller(options) || !granted.permissions.has(req.permission.name)) {
      return { result: AuthorizeResult.DENY };
    }
    if (req.permission.name === 'airflow.audit.read') {
      return granted.auditConditions
        ? {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'airflow',
            resourceType: 'airflow-audit-record',
            conditions: granted.auditConditions,
          }
        : { result: AuthorizeResult.ALLOW };
    }
    // Asked without a resource, a policy that grants only some entities
    // answers with a condition on the entity.
    if (
      'resourceType' in req.permission &&
      req.permission.resourceType === 'catalog-entity'
    ) {
      return granted.resourceRefs === undefined
        ? { result: AuthorizeResult.ALLOW }
        : {
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'airflow',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_REF',
              resourceType: 'catalog-entity',
              params: { entityRefs: Array.from(granted.resourceRefs) },
            },
          };
    }
    if (granted.dagOwnerClaims === undefined) {
      return { result: AuthorizeResult.ALLOW };
    }
    return {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'airflow',
      resourceType: 'airflow-dag',
      conditions: {
        rule: 'IS_DAG_OWNER',
        resourceType: 'airflow-dag',
        params: { claims: granted.dagOwnerClaims },
      },
    };
  });

/** The operations that act on or inspect a DAG: decided on the DAG, not on the entity. */
const DAG_PERMISSIONS = [
  'airflow.dag.trigger',
  'airflow.dag.pause',
  'airflow.task.log.read',
  'airflow.dag.hitl.respond',
  'airflow.dag.backfill',
  'airflow.dag.clear',
  'airflow.dag.run.mark',
  'airflow.dag.note',
  'airflow.dag.eventlog.read',
];
const actsOnDag = (op: SpecOperation) =>
  op.permissions.some(p => DAG_PERMISSIONS.includes(p));

const alice = mockCredentials.user.header('user:default/alice');
let app: RouterTestApp;

beforeAll(async () => {
  app = await startRouterTestApp({
    environments: [testEnvironment('prod')],
    // Airflow says team-b owns checkout: the team-a entity below binds it
    // by its annotations alone.
    dags: [{ dagId: 'checkout', tags: [], runs: 3, owners: ['team-b'] }],
    entities: [
      boundComponent('shop', 'prod', 'checkout', 'team-a'),
      boundComponent('billing', 'prod', 'checkout', 'team-b'),
    ],
    authorize,
    authorizeConditional,
  });
});
beforeEach(async () => {
  await app.reset();
  // What the spec's sample approval answer and backfill change name.
  const { hitlAndBackfills } = app.airflow.prod;
  hitlAndBackfills.approvals.push({
    dagId: 'checkout',
    // The run the walk samples (see `specOperations` above).
    runId: 'scheduled__2025-01-01T00:00:00.000Z',
    taskId: 'extract',
  });
  hitlAndBackfills.backfills.push({
    id: 1,
    dagId: 'checkout',
    fromDate: '2026-10-01T00:00:00Z',
    toDate: '2026-10-02T00:00:00Z',
  });
});

let requestCounter = 0;

/** The operation with the spec's sample parameters and example body (a new `requestId` each time). */
function send(
  op: SpecOperation,
  options: { authorization?: string; params?: Record<string, string> } = {},
) {
  let req = request(app.url)[op.method](op.url(options.params));
  if (options.authorization) {
    req = req.set('Authorization', options.authorization);
  }
  if (op.sampleBody === undefined) {
    return req;
  }
  const body = { ...(op.sampleBody as object) };
  if ('requestId' in body) {
    (body as { requestId: string }).requestId = `req-${++requestCounter}`;
  }
  return req.send(body);
}

const outcomes = async () => (await app.auditRecords()).map(r => r.outcome);

const byOperation = operations.map(op => [op.operationId, op] as const);

describe('permissions of every operation of the spec', () => {
  it('lists at least one permission for every operation', () => {
    for (const op of operations) {
      expect({ op: op.operationId, permissions: op.permissions }).toEqual({
        op: op.operationId,
        permissions: expect.arrayContaining([expect.any(String)]),
      });
    }
  });

  it.each(byOperation)(
    '%s: 401 without a valid token, 403 for a service unless the spec allows it',
    async (_id, op) => {
      granted = { permissions: new Set(op.permissions) };
      const missing = await send(op);
      expect(missing.status).toBe(401);
      expect(missing.body.error.name).toBe('AuthenticationError');
      const invalid = await send(op, {
        authorization: mockCredentials.user.invalidHeader(),
      });
      expect(invalid.status).toBe(401);
      // Users only, unless the spec lets other backend plugins call it.
      const service = await send(op, {
        authorization: mockCredentials.service.header(),
      });
      const allowsServices = op.principals.includes('service');
      // A service is refused by httpAuth, naming its kind of credentials.
      const refusedAsService =
        service.status === 403 &&
        String(service.body.error?.message).includes("'service' credentials");
      expect({ ok: service.ok, refusedAsService }).toEqual({
        ok: allowsServices,
        refusedAsService: !allowsServices,
      });
      // Without a user there is no one to record; a refused caller reaches
      // nothing upstream.
      expect(await outcomes()).toEqual([]);
      expect(allowsServices ? [] : app.airflow.prod.calls).toEqual([]);
    },
  );

  it.each(
    byOperation.flatMap(([id, op]) =>
      op.permissions.map(permission => [id, permission, op] as const),
    ),
  )('%s: 403 without %s', async (_id, permission, op) => {
    granted = {
      permissions: new Set(op.permissions.filter(p => p !== permission)),
    };
    const res = await send(op, { authorization: alice });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
    expect(res.body.error.message).toContain(permission);
    expect(await outcomes()).toEqual(op.isWrite ? ['denied'] : []);
  });

  it.each(byOperation)(
    '%s: 2xx with exactly its permissions',
    async (_id, op) => {
      granted = { permissions: new Set(op.permissions) };
      const res = await send(op, { authorization: alice });
      // 2xx; on failure the error says why.
      expect({ ok: res.ok, error: res.body.error }).toEqual({
        ok: true,
        error: undefined,
      });
      expect(await outcomes()).toEqual(op.isWrite ? ['succeeded'] : []);
    },
  );

  it.each(
    byOperation.filter(
      ([, op]) => op.path.startsWith('/entities/{namespace}') && !actsOnDag(op),
    ),
  )('%s: 403 on an entity the permissions do not cover', async (_id, op) => {
    granted = {
      permissions: new Set(op.permissions),
      resourceRefs: new Set(['component:default/shop']),
    };
    const res = await send(op, {
      authorization: alice,
      params: { name: 'billing' },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('component:default/billing');
    // A denial never reaches Airflow.
    expect(app.airflow.prod.calls).toEqual([]);
    expect(await outcomes()).toEqual(op.isWrite ? ['denied'] : []);
  });
});

describe('acting on a DAG is decided on the DAG, not on annotations', () => {
  const onDags = byOperation.filter(([, op]) => actsOnDag(op));

  it('covers trigger, pause, logs, the event log, approvals, backfills and the run actions with their previews', () => {
    expect(onDags.map(([id]) => id).sort()).toEqual([
      'ChangeBackfill',
      'ClearTaskInstances',
      'CreateBackfill',
      'GetTaskLog',
      'ListDagEventLog',
      'MarkDagRun',
      'MarkTaskInstance',
      'PreviewBackfill',
      'PreviewClearTaskInstances',
      'PreviewMarkDagRun',
      'PreviewMarkTaskInstance',
      'RespondToApproval',
      'SetDagPaused',
      'SetDagRunNote',
      'SetTaskInstanceNote',
      'TriggerDagRun',
    ]);
  });

  // A team-a entity annotated with the environment and id of a DAG that
  // Airflow says team-b owns: the forged annotation. Its author may read the
  // entity's page, but may not act on, or read the logs of, team-b's DAG.
  it.each(onDags)(
    '%s: 403 through a forged annotation, one denied record for a write',
    async (_id, op) => {
      granted = {
        permissions: new Set(op.permissions),
        dagOwnerClaims: ['user:default/alice', 'group:default/team-a'],
      };
      const res = await send(op, { authorization: alice });
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect(res.body.error.message).toContain('"prod:checkout"');
      const denied = expect.objectContaining({
        outcome: 'denied',
        actor: 'user:default/alice',
        environment: 'prod',
        dagId: 'checkout',
        entityRef: 'component:default/shop',
      });
      expect(await app.auditRecords()).toEqual(op.isWrite ? [denied] : []);
      // Only Airflow's metadata of the DAG was read: nothing was done.
      expect(
        app.airflow.prod.calls.map(call => `${call.method} ${call.path}`),
      ).toEqual(['GET /dags/checkout']);
    },
  );

  it.each(onDags)(
    '%s: 2xx for the team Airflow names as the owner, through either entity',
    async (_id, op) => {
      granted = {
        permissions: new Set(op.permissions),
        dagOwnerClaims: ['user:default/alice', 'group:default/team-b'],
      };
      for (const name of ['billing', 'shop']) {
        // Airflow takes one answer per approval: each entity's finds it open.
        app.airflow.prod.hitlAndBackfills.reopenApprovals();
        const res = await send(op, {
          authorization: alice,
          params: { name },
        });
        expect({ name, ok: res.ok, error: res.body.error }).toEqual({
          name,
          ok: true,
          error: undefined,
        });
      }
      expect(await outcomes()).toEqual(
        op.isWrite ? ['succeeded', 'succeeded'] : [],
      );
    },
  );
});

describe('refused writes of the spec', () => {
  // The writes that take a body (trigger, pause); a web login takes none.
  const writes = byOperation.filter(
    ([, op]) => op.isWrite && op.sampleBody !== undefined,
  );

  it.each(writes)(
    '%s: a body the spec refuses is one rejected record',
    async (_id, op) => {
      granted = { permissions: new Set(op.permissions) };
      const res = await request(app.url)
        [op.method](op.url())
        .set('Authorization', alice)
        .send([]);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        name: 'InputError',
        message: 'request/body must be object',
      });
      expect(await outcomes()).toEqual(['rejected']);
      expect(app.airflow.prod.calls).toEqual([]);
    },
  );

  it.each(writes)(
    '%s: a body that is not JSON is one rejected record',
    async (_id, op) => {
      granted = { permissions: new Set(op.permissions) };
      const res = await request(app.url)
        [op.method](op.url())
        .set('Authorization', alice)
        .set('Content-Type', 'application/json')
        .send('{"requestId": ');
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        name: 'InputError',
        message: 'Invalid body: not a JSON object',
      });
      const [record] = await app.auditRecords();
      expect(record).toMatchObject({
        outcome: 'rejected',
        actor: 'user:default/alice',
        environment: 'prod',
        dagId: 'checkout',
        entityRef: 'component:default/shop',
        error: 'InputError: Invalid body: not a JSON object',
      });
      expect(await outcomes()).toEqual(['rejected']);
    },
  );

  it.each(writes)(
    '%s: a refused body without a user token is 401, and not recorded',
    async (_id, op) => {
      const res = await request(app.unchecked)[op.method](op.url()).send([]);
      expect(res.status).toBe(401);
      expect(await outcomes()).toEqual([]);
    },
  );
});

describe('import errors are scoped to the DAGs the reader may read', () => {
  // Airflow 3 names import errors relative to the bundle; checkout's
  // fileloc is /opt/airflow/dags/checkout.py, and team-b owns it.
  const importErrors = [
    { filename: 'checkout.py', stack_trace: 'Traceback: checkout' },
    { filename: 'payments/ledger.py', stack_trace: 'Traceback: ledger' },
  ];
  const readPermissions = ['airflow.environment.read', 'airflow.task.log.read'];

  async function readAs(permissions: typeof granted) {
    granted = permissions;
    app.airflow.prod.importErrors = importErrors;
    const list = await request(app.url)
      .get('/environments/prod/import-errors')
      .set('Authorization', alice);
    const status = await request(app.url)
      .get('/environments/prod')
      .set('Authorization', alice);
    const all = await request(app.url)
      .get('/environments')
      .set('Authorization', alice);
    expect([list.status, status.status, all.status]).toEqual([200, 200, 200]);
    // Both overview routes count the same way.
    expect(all.body.environments[0].importErrorCount).toBe(
      status.body.importErrorCount,
    );
    return {
      files: list.body.items.map((i: { filename: string }) => i.filename),
      totalEntries: list.body.totalEntries,
      scope: list.body.scope,
      count: status.body.importErrorCount,
      countScope: status.body.importErrorScope,
    };
  }

  it('the owners of a file’s DAGs see its errors, and count only those', async () => {
    expect(
      await readAs({
        permissions: new Set(readPermissions),
        dagOwnerClaims: ['user:default/alice', 'group:default/team-b'],
      }),
    ).toEqual({
      files: ['checkout.py'],
      totalEntries: 1,
      scope: 'readable',
      count: 1,
      countScope: 'readable',
    });
  });

  it('another team sees none of them, and counts none', async () => {
    expect(
      await readAs({
        permissions: new Set(readPermissions),
        dagOwnerClaims: ['user:default/alice', 'group:default/team-a'],
      }),
    ).toEqual({
      files: [],
      totalEntries: 0,
      scope: 'readable',
      count: 0,
      countScope: 'readable',
    });
  });

  it('airflow.environment.importErrors.read on the environment shows every one', async () => {
    expect(
      await readAs({
        permissions: new Set([
          'airflow.environment.read',
          'airflow.environment.importErrors.read',
        ]),
      }),
    ).toEqual({
      files: ['checkout.py', 'payments/ledger.py'],
      totalEntries: 2,
      scope: 'all',
      count: 2,
      countScope: 'all',
    });
  });

  it('airflow.environment.importErrors.read on another environment does not', async () => {
    expect(
      await readAs({
        permissions: new Set([
          'airflow.environment.read',
          'airflow.environment.importErrors.read',
        ]),
        resourceRefs: new Set(['staging']),
      }),
    ).toEqual({
      files: [],
      totalEntries: 0,
      scope: 'readable',
      count: 0,
      countScope: 'readable',
    });
  });
});

describe('audit records are read as far as the decision on them allows', () => {
  const trigger = operations.find(op => op.operationId === 'TriggerDagRun')!;
  const audit = operations.find(op => op.operationId === 'ListAuditRecords')!;

  /** Alice's trigger of checkout through shop (team-a's entity), denied. */
  async function recordDeniedTrigger() {
    granted = { permissions: new Set(trigger.permissions), dagOwnerClaims: [] };
    expect((await send(trigger, { authorization: alice })).status).toBe(403);
  }

  async function readAuditAs(
    conditions: PermissionCriteria<PermissionCondition>,
  ) {
    granted = {
      permissions: new Set(audit.permissions),
      auditConditions: conditions,
    };
    const res = await request(app.url)
      .get('/audit')
      .set('Authorization', alice);
    expect(res.status).toBe(200);
    return res.body.items.map(
      (r: { dagId: string; outcome: string }) => `${r.dagId} ${r.outcome}`,
    );
  }

  const ownedBy = (...claims: string[]) => ({
    rule: 'IS_AUDIT_RECORD_OF_OWNED_ENTITY',
    resourceType: 'airflow-audit-record',
    params: { claims },
  });

  it('the owners of the entity read the record, others do not', async () => {
    await recordDeniedTrigger();
    expect(await readAuditAs(ownedBy('group:default/team-a'))).toEqual([
      'checkout denied',
    ]);
    // team-b owns the DAG in Airflow; the record keeps the entity's owners.
    expect(await readAuditAs(ownedBy('group:default/team-b'))).toEqual([]);
  });

  it('applies environment rules and not, as a query', async () => {
    await recordDeniedTrigger();
    const inProd = {
      rule: 'IS_AUDIT_RECORD_IN_ENVIRONMENT',
      resourceType: 'airflow-audit-record',
      params: { names: ['prod'] },
    };
    expect(await readAuditAs(inProd)).toEqual(['checkout denied']);
    expect(await readAuditAs({ not: inProd })).toEqual([]);
    expect(
      await readAuditAs({
        allOf: [inProd, ownedBy('group:default/team-b')],
      }),
    ).toEqual([]);
  });
});
