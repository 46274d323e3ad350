import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { type Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { readEntityAndOwned } from '../service/entityBindings';
import { RecentDecisions } from './RecentDecisions';
import { SharedEntityReads } from './SharedEntityReads';

const ownedBy = (owner: string) => [
  { type: RELATION_OWNED_BY, targetRef: owner },
];
const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner, type: 'service', lifecycle: 'production' },
  relations: ownedBy(owner),
});
const shop = component('shop', 'group:default/team-a');
const billing = component('billing', 'group:default/team-a');
const teamA: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: ownedBy('group:default/platform'),
};

const shopRef = { kind: 'component', namespace: 'default', name: 'shop' };
const teamRef = { kind: 'group', namespace: 'default', name: 'team-a' };
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

const condition = (
  rule: string,
  params: Record<string, unknown>,
): PermissionCondition<string> => ({
  rule,
  resourceType: 'catalog-entity',
  params: params as PermissionCondition<string>['params'],
});
/** A conditional decision on `catalog-entity`, by the catalog unless said otherwise. */
const conditional = (
  conditions: PermissionCriteria<PermissionCondition<string>>,
  pluginId = 'catalog',
): PolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId,
  resourceType: 'catalog-entity',
  conditions,
});
const catalogCondition = (rule: string, params: Record<string, unknown>) =>
  conditional(condition(rule, params));

function setup() {
  let now = 1_000_000;
  const decisions = new Map<string, PolicyDecision>();
  const asked: string[] = [];
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (requests, { credentials }) => {
      const user = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      asked.push(user);
      return requests.map(
        () => decisions.get(user) ?? { result: AuthorizeResult.ALLOW },
      );
    },
  });
  const catalog = catalogServiceMock({ entities: [shop, billing, teamA] });
  /** Who each catalog read was made as. */
  const readsAs: string[] = [];
  const principalOf = (options: unknown) => {
    const { credentials } = options as { credentials: BackstageCredentials };
    const principal = credentials.principal as {
      type: string;
      userEntityRef?: string;
    };
    return principal.userEntityRef ?? principal.type;
  };
  const byRef = catalog.getEntityByRef.bind(catalog);
  jest
    .spyOn(catalog, 'getEntityByRef')
    .mockImplementation(async (ref, options) => {
      readsAs.push(principalOf(options));
      return byRef(ref, options);
    });
  const query = catalog.getEntities.bind(catalog);
  jest
    .spyOn(catalog, 'getEntities')
    .mockImplementation(async (request, options) => {
      readsAs.push(principalOf(options));
      return query(request, options);
    });
  const reads = new SharedEntityReads({
    readEntity: (ref, credentials) =>
      readEntityAndOwned(catalog, ref, credentials),
    auth: mockServices.auth(),
    recentDecisions: new RecentDecisions({ permissions, now: () => now }),
    now: () => now,
  });
  return {
    reads,
    asked,
    readsAs,
    decide: (user: string, decision: PolicyDecision) =>
      decisions.set(user, decision),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('SharedEntityReads', () => {
  it('reads an entity once for every caller, and asks each caller once', async () => {
    const { reads, asked, readsAs } = setup();

    const [first, second] = await Promise.all([
      reads.read(shopRef, alice),
      reads.read(shopRef, alice),
    ]);
    const third = await reads.read(shopRef, bob);

    expect(first.entity?.metadata.name).toBe('shop');
    expect(second.entity).toBe(first.entity);
    expect(third.entity).toBe(first.entity);
    expect(readsAs).toEqual(['service']);
    expect(asked).toEqual(['user:default/alice', 'user:default/bob']);
  });

  it('reads again in the background after half the TTL, and never gives a copy past it', async () => {
    const { reads, readsAs, advance } = setup();

    await reads.read(shopRef, alice);
    advance(2_499);
    await reads.read(shopRef, alice);
    expect(readsAs).toEqual(['service']);

    advance(1);
    await reads.read(shopRef, alice);
    expect(readsAs).toEqual(['service', 'service']);

    // The background read counts from when it started: gone after 5 s more.
    advance(5_000);
    await reads.read(shopRef, alice);
    expect(readsAs).toEqual(['service', 'service', 'service']);
  });

  it('gives a caller who may read no entity nothing, without reading', async () => {
    const { reads, readsAs, decide } = setup();
    decide('user:default/alice', { result: AuthorizeResult.DENY });

    expect(await reads.read(shopRef, alice)).toEqual({});
    expect(readsAs).toEqual([]);
  });

  it('applies the caller’s conditions with the catalog’s rules, here', async () => {
    const { reads, readsAs, decide } = setup();
    decide(
      'user:default/alice',
      catalogCondition('IS_ENTITY_OWNER', {
        claims: ['group:default/team-a'],
      }),
    );
    decide(
      'user:default/bob',
      catalogCondition('IS_ENTITY_KIND', { kinds: ['Group'] }),
    );

    expect((await reads.read(shopRef, alice)).entity?.metadata.name).toBe(
      'shop',
    );
    expect(await reads.read(shopRef, bob)).toEqual({});
    expect(readsAs).toEqual(['service']);
  });

  it('compares owner claims ignoring case, as the catalog’s query does', async () => {
    const { reads, decide } = setup();
    decide(
      'user:default/alice',
      catalogCondition('IS_ENTITY_OWNER', {
        claims: ['group:default/Team-A'],
      }),
    );
    decide(
      'user:default/bob',
      conditional({
        not: condition('IS_ENTITY_OWNER', {
          claims: ['GROUP:default/team-a'],
        }),
      }),
    );

    expect((await reads.read(shopRef, alice)).entity).toBeDefined();
    expect(await reads.read(shopRef, bob)).toEqual({});
  });

  it('leaves parameters a rule refuses to the catalog, even in a branch not reached here', async () => {
    const { reads, readsAs, decide } = setup();
    decide(
      'user:default/alice',
      conditional({
        anyOf: [
          condition('IS_ENTITY_KIND', { kinds: ['component'] }),
          condition('IS_ENTITY_OWNER', { claims: 'not-a-list' }),
        ],
      }),
    );

    await reads.read(shopRef, alice);

    expect(readsAs).toEqual(['service', 'user:default/alice']);
  });

  it('gives a group page only the owned entities the caller may read', async () => {
    const { reads, decide } = setup();
    decide(
      'user:default/alice',
      conditional({
        anyOf: [
          condition('IS_ENTITY_KIND', { kinds: ['group'] }),
          condition('IS_ENTITY_OWNER', { claims: ['group:default/team-a'] }),
        ],
      }),
    );
    decide(
      'user:default/bob',
      catalogCondition('IS_ENTITY_KIND', { kinds: ['group'] }),
    );

    const forAlice = await reads.read(teamRef, alice);
    const forBob = await reads.read(teamRef, bob);

    expect(forAlice.entity?.metadata.name).toBe('team-a');
    expect(
      forAlice.ownedCandidates?.map(entity => entity.metadata.name).sort(),
    ).toEqual(['billing', 'shop']);
    expect(forBob.entity?.metadata.name).toBe('team-a');
    expect(forBob.ownedCandidates).toEqual([]);
  });

  it('leaves a rule it does not have to the catalog: reads with the caller’s credentials', async () => {
    const { reads, readsAs, decide } = setup();
    decide(
      'user:default/alice',
      catalogCondition('HAS_ANNOTATION', { annotation: 'backstage.io/x' }),
    );

    await reads.read(shopRef, alice);

    expect(readsAs).toEqual(['service', 'user:default/alice']);
  });

  it('leaves a decision of another plugin to the catalog too', async () => {
    const { reads, readsAs, decide } = setup();
    decide(
      'user:default/alice',
      conditional(
        condition('IS_ENTITY_KIND', { kinds: ['component'] }),
        'airflow',
      ),
    );

    await reads.read(shopRef, alice);

    expect(readsAs).toEqual(['service', 'user:default/alice']);
  });

  it('shares a frozen copy: no request can change what another sees', async () => {
    const { reads } = setup();

    const { entity } = await reads.read(shopRef, alice);

    expect(Object.isFrozen(entity)).toBe(true);
    expect(Object.isFrozen(entity?.metadata)).toBe(true);
    expect(Object.isFrozen(entity?.relations?.[0])).toBe(true);
  });

  it('keeps no failed read', async () => {
    const failing = new SharedEntityReads({
      readEntity: jest
        .fn()
        .mockRejectedValueOnce(new Error('catalog down'))
        .mockResolvedValue({ entity: shop }),
      auth: mockServices.auth(),
      recentDecisions: new RecentDecisions({
        permissions: mockServices.permissions(),
      }),
    });

    await expect(failing.read(shopRef, alice)).rejects.toThrow('catalog down');
    expect((await failing.read(shopRef, alice)).entity).toEqual(shop);
  });
});
