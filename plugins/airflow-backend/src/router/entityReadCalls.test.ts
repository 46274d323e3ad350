import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  type Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { FakeAirflowTransport } from '../__testUtils__/FakeAirflowTransport';
import {
  boundComponent,
  prodEnvironment,
  startAirflowTestBackend,
} from '../__testUtils__/testBackend';

/*
 * What one request under an entity costs inside the backend: reads of the
 * catalog, and requests to the permission backend. The permission backend is
 * stood in for by a policy (`policy`) and, for a request naming an entity,
 * by what the real one does with a conditional answer: it calls the plugin
 * named in the decision back, which loads the entity (`getEntitiesByRefs`
 * with its own credentials) and applies the conditions (`callbacks`).
 */

jest.setTimeout(60_000);

const READ = 'airflow.dag.read';
/** The caller's own catalog read, applied here to the entity the plugin read once. */
const CATALOG_READ = 'catalog.entity.read';
/** Who sees runs' conf: one batched decision on the DAGs shown (not about the entity). */
const CONF = 'airflow.dag.trigger';

const shop = boundComponent('shop', 'prod', 'checkout');
const billing = boundComponent('billing', 'prod', 'invoices');
const teamA: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** The decision the policy gives on `airflow.dag.read`, whatever the entity. */
let policy: PolicyDecision;
/** The decision on `catalog.entity.read`: every test but one lets the caller read the catalog. */
let catalogPolicy: PolicyDecision;
beforeEach(() => {
  catalogPolicy = { result: AuthorizeResult.ALLOW };
});

const conditional = (
  pluginId: string,
  conditions: PermissionCriteria<PermissionCondition<'catalog-entity'>>,
): PolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId,
  resourceType: 'catalog-entity',
  conditions,
});
const condition = (
  rule: string,
  params: Record<string, unknown>,
): PermissionCondition<'catalog-entity'> => ({
  rule,
  resourceType: 'catalog-entity',
  params: params as PermissionCondition<'catalog-entity'>['params'],
});

/** The rules as the plugin that owns them applies them (the stand-in's side). */
function applies(
  criteria: PermissionCriteria<PermissionCondition<string>>,
  entity: Entity,
): boolean {
  if ('anyOf' in criteria) {
    return criteria.anyOf.some(c => applies(c, entity));
  }
  if ('allOf' in criteria) {
    return criteria.allOf.every(c => applies(c, entity));
  }
  if ('not' in criteria) {
    return !applies(criteria.not, entity);
  }
  const params = criteria.params as Record<string, string[] & string>;
  switch (criteria.rule) {
    case 'IS_ENTITY_OWNER':
      return (entity.relations ?? []).some(
        r =>
          r.type === RELATION_OWNED_BY && params.claims.includes(r.targetRef),
      );
    case 'IS_ENTITY_KIND':
      return params.kinds
        .map(k => k.toLowerCase())
        .includes(entity.kind.toLowerCase());
    case 'IS_ENTITY_REF':
      return params.entityRefs.includes(stringifyEntityRef(entity));
    case 'HAS_ANNOTATION':
      return entity.metadata.annotations?.[params.annotation] !== undefined;
    default:
      throw new Error(`Unknown rule ${criteria.rule}`);
  }
}

async function setup() {
  const prod = new FakeAirflowTransport('prod', [
    { dagId: 'checkout', tags: [], runs: 1 },
    { dagId: 'invoices', tags: [], runs: 1 },
  ]);
  const catalog = catalogServiceMock({ entities: [shop, billing, teamA] });
  const calls = {
    authorize: 0,
    /** The permissions asked about without a resource, one list per request. */
    authorizeConditional: [] as string[][],
    callbacks: 0,
    getEntityByRef: jest.spyOn(catalog, 'getEntityByRef'),
    getEntitiesByRefs: jest.spyOn(catalog, 'getEntitiesByRefs'),
    getEntities: jest.spyOn(catalog, 'getEntities'),
  };
  const authorize: PermissionsService['authorize'] = async requests => {
    calls.authorize += 1;
    const decision = policy;
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return requests.map(() => ({ result: decision.result }));
    }
    // The permission backend calls the owning plugin back, once per request.
    calls.callbacks += 1;
    const refs = requests.map(r => ('resourceRef' in r ? r.resourceRef : ''));
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs as string[] },
      { credentials: mockCredentials.service() },
    );
    return items.map(entity => ({
      result:
        entity && applies(decision.conditions, entity)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  };
  const permissions = mockServices.permissions.mock({
    authorize,
    authorizeConditional: async requests => {
      calls.authorizeConditional.push(requests.map(r => r.permission.name));
      return requests.map(r =>
        r.permission.name === CATALOG_READ ? catalogPolicy : policy,
      );
    },
  });
  const { server } = await startAirflowTestBackend({
    plugin: { transportFactory: () => prod },
    environments: [prodEnvironment],
    entities: [],
    catalog,
    services: [permissions.factory],
  });
  /** As `user` (each user its own token; by default the mock user). */
  const get = (path: string, user?: string) =>
    request(server)
      .get(`/api/airflow/entities/default/${path}`)
      .set('Authorization', mockCredentials.user.header(user));
  /** What the last request cost, then reset. */
  const costOf = () => {
    const cost = {
      catalogReads:
        calls.getEntityByRef.mock.calls.length +
        calls.getEntitiesByRefs.mock.calls.length +
        calls.getEntities.mock.calls.length,
      getEntityByRef: calls.getEntityByRef.mock.calls.length,
      getEntitiesByRefs: calls.getEntitiesByRefs.mock.calls.length,
      getEntities: calls.getEntities.mock.calls.length,
      authorize: calls.authorize,
      authorizeConditional: calls.authorizeConditional,
      callbacks: calls.callbacks,
    };
    calls.getEntityByRef.mockClear();
    calls.getEntitiesByRefs.mockClear();
    calls.getEntities.mockClear();
    calls.authorize = 0;
    calls.authorizeConditional = [];
    calls.callbacks = 0;
    return cost;
  };
  return { get, costOf, prod };
}

const dagIds = (body: { environments: { dags: { dagId: string }[] }[] }) =>
  body.environments.flatMap(env => env.dags.map(dag => dag.dagId));

describe('one entity request', () => {
  const ownedByTeamA = conditional(
    'airflow',
    condition('IS_ENTITY_OWNER', { claims: ['group:default/team-a'] }),
  );

  it.each([
    ['allowed', { result: AuthorizeResult.ALLOW } as PolicyDecision],
    ['conditional, this plugin’s rules', ownedByTeamA],
    [
      'conditional, the catalog’s rules',
      conditional(
        'catalog',
        condition('IS_ENTITY_OWNER', { claims: ['group:default/team-a'] }),
      ),
    ],
  ])(
    '%s: reads the entity once and asks once, without a call back; the same caller’s next request reuses the answers',
    async (_name, decision) => {
      policy = decision;
      const { get, costOf } = await setup();

      const res = await get('component/shop/dags');
      expect(res.status).toBe(200);
      expect(dagIds(res.body)).toEqual(['checkout']);
      expect(costOf()).toEqual({
        catalogReads: 1,
        getEntityByRef: 1,
        getEntitiesByRefs: 0,
        getEntities: 0,
        authorize: 0,
        authorizeConditional: [[READ, CATALOG_READ, CONF]],
        callbacks: 0,
      });

      // The same token within seconds: neither the entity nor the
      // decisions are asked for again.
      const runs = await get(
        'component/shop/environments/prod/dags/checkout/runs',
      );
      expect(runs.status).toBe(200);
      expect(costOf()).toMatchObject({
        catalogReads: 0,
        authorize: 0,
        authorizeConditional: [],
        callbacks: 0,
      });

      // Another caller is asked about, never given the first one's
      // answers; the entity is the copy read for everyone.
      const other = await get(
        'component/shop/environments/prod/dags/checkout/runs',
        'user:default/other',
      );
      expect(other.status).toBe(200);
      expect(costOf()).toMatchObject({
        catalogReads: 0,
        authorize: 0,
        authorizeConditional: [[READ, CATALOG_READ, CONF]],
        callbacks: 0,
      });
    },
  );

  it('a group page: one catalog query for the group and what it owns, one decision for all', async () => {
    // The group's page and shop's, not billing's.
    policy = conditional('airflow', {
      anyOf: [
        condition('IS_ENTITY_KIND', { kinds: ['group'] }),
        condition('IS_ENTITY_REF', { entityRefs: ['component:default/shop'] }),
      ],
    });
    const { get, costOf } = await setup();

    const res = await get('group/team-a/dags');
    expect(res.status).toBe(200);
    expect(dagIds(res.body)).toEqual(['checkout']);
    expect(costOf()).toEqual({
      catalogReads: 1,
      getEntityByRef: 0,
      getEntitiesByRefs: 0,
      getEntities: 1,
      authorize: 0,
      authorizeConditional: [[READ, CATALOG_READ, CONF]],
      callbacks: 0,
    });
  });

  it('a catalog read decision with a rule this plugin does not have: the entity is read with the caller’s credentials', async () => {
    policy = { result: AuthorizeResult.ALLOW };
    catalogPolicy = conditional(
      'catalog',
      condition('HAS_ANNOTATION', {
        annotation: 'airflow.apache.org/dag-ids',
      }),
    );
    const { get, costOf } = await setup();

    const res = await get('component/shop/dags');
    expect(res.status).toBe(200);
    // The copy for everyone, then the caller's own read, which the catalog
    // filters with its own rules.
    expect(costOf()).toMatchObject({ getEntityByRef: 2, callbacks: 0 });
  });

  it('denied: 403 before any read, as before', async () => {
    policy = { result: AuthorizeResult.DENY };
    const { get, costOf, prod } = await setup();

    const res = await get('component/shop/dags');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Permission airflow.dag.read on component:default/shop is required',
    );
    expect(costOf()).toMatchObject({ catalogReads: 0, authorize: 0 });
    expect(prod.calls).toEqual([]);
  });

  it('conditional and not met: 403 with the same message, decided here', async () => {
    policy = conditional(
      'airflow',
      condition('IS_ENTITY_OWNER', { claims: ['group:default/team-b'] }),
    );
    const { get, costOf, prod } = await setup();

    const res = await get('component/shop/dags');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Permission airflow.dag.read on component:default/shop is required',
    );
    expect(costOf()).toMatchObject({ catalogReads: 1, callbacks: 0 });
    expect(prod.calls).toEqual([]);
  });

  it('a group page leaves out, here, what the decision does not allow', async () => {
    policy = conditional(
      'airflow',
      condition('IS_ENTITY_KIND', { kinds: ['group'] }),
    );
    const { get } = await setup();

    const res = await get('group/team-a/dags');
    expect(res.status).toBe(200);
    expect(res.body.environments).toEqual([]);
  });

  it('a rule this plugin does not have: the permission backend decides, as before', async () => {
    const annotated = conditional(
      'catalog',
      condition('HAS_ANNOTATION', {
        annotation: 'airflow.apache.org/dag-ids',
      }),
    );
    policy = annotated;
    const { get, costOf } = await setup();

    const res = await get('component/shop/dags');
    expect(res.status).toBe(200);
    expect(costOf()).toMatchObject({
      authorizeConditional: [[READ, CATALOG_READ, CONF]],
      authorize: 1,
      callbacks: 1,
      getEntityByRef: 1,
      getEntitiesByRefs: 1,
    });

    policy = conditional('catalog', {
      not: condition('HAS_ANNOTATION', {
        annotation: 'airflow.apache.org/dag-ids',
      }),
    });
    // Another caller: the first one's answer is not theirs.
    expect(
      (await get('component/shop/dags', 'user:default/other')).status,
    ).toBe(403);
  });

  it('an entity the caller cannot read under a condition: the permission backend decides on the ref, as before', async () => {
    policy = conditional(
      'airflow',
      condition('IS_ENTITY_OWNER', { claims: ['group:default/team-a'] }),
    );
    const { get, costOf } = await setup();

    const res = await get('component/ghost/dags');
    // The stand-in finds no entity either: denied, as the permission backend does.
    expect(res.status).toBe(403);
    expect(costOf()).toMatchObject({ authorize: 1, callbacks: 1 });
  });
});
