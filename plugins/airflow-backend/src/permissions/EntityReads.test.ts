import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import { EntityReads } from './EntityReads';
import { airflowCatalogEntityResourceRef } from './resources';
import { entityRules, rulesetOf } from './rules';
import { stringListParams } from './paramsSchema';

const entity = (name: string, kind = 'Component'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
});

/** A rule a module adds to this plugin's `catalog-entity` resource. */
const hasLabel = createPermissionRule<
  typeof airflowCatalogEntityResourceRef,
  { labels: string[] }
>({
  name: 'HAS_SOME_LABEL',
  description: 'test',
  resourceRef: airflowCatalogEntityResourceRef,
  paramsSchema: stringListParams('labels', 'labels'),
  apply: (e, { labels }) =>
    labels.some(l => e.metadata.labels?.[l] !== undefined),
  toQuery: ({ labels }) => ({ key: 'label', values: labels }),
});

function setup(decision: PolicyDecision) {
  const askedWithRefs: string[][] = [];
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async requests => requests.map(() => decision),
    authorize: async requests => {
      const refs = requests.map(r => ('resourceRef' in r ? r.resourceRef : ''));
      askedWithRefs.push(refs as string[]);
      // The permission backend's answer: billing only.
      return refs.map(ref => ({
        result:
          ref === 'component:default/billing'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }));
    },
  });
  const reads = new EntityReads({
    permissions,
    airflowEntityRules: () => rulesetOf([...entityRules, hasLabel]),
  });
  return { reads, askedWithRefs };
}

const entities = [entity('shop'), entity('billing'), entity('team-a', 'Group')];
const credentials = mockCredentials.user();

describe('EntityReads', () => {
  it('applies a decision with this plugin’s rules here, without a request by ref', async () => {
    const { reads, askedWithRefs } = setup({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'airflow',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            rule: 'IS_ENTITY_KIND',
            resourceType: 'catalog-entity',
            params: { kinds: ['group'] },
          },
          {
            rule: 'IS_ENTITY_REF',
            resourceType: 'catalog-entity',
            params: { entityRefs: ['component:default/shop'] },
          },
        ],
      },
    });
    expect(await reads.mayRead(entities, credentials)).toEqual([
      true,
      false,
      true,
    ]);
    expect(askedWithRefs).toEqual([]);
  });

  it('leaves a rule registered besides its own to the permission backend, one request for all', async () => {
    const { reads, askedWithRefs } = setup({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'airflow',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'HAS_SOME_LABEL',
        resourceType: 'catalog-entity',
        params: { labels: ['tier'] },
      },
    });
    expect(await reads.mayRead(entities, credentials)).toEqual([
      false,
      true,
      false,
    ]);
    expect(askedWithRefs).toEqual([entities.map(e => stringifyEntityRef(e))]);
  });

  it('leaves conditions of another plugin, and parameters a rule refuses, to the permission backend', async () => {
    const other = setup({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'some-plugin',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: ['group'] },
      },
    });
    expect(await other.reads.mayRead(entities, credentials)).toEqual([
      false,
      true,
      false,
    ]);
    expect(other.askedWithRefs).toHaveLength(1);

    const refused = setup({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: 'group' },
      },
    });
    expect(await refused.reads.mayRead(entities, credentials)).toEqual([
      false,
      true,
      false,
    ]);
    expect(refused.askedWithRefs).toHaveLength(1);
  });

  it('an allow or a deny needs no entity and no request by ref', async () => {
    const allow = setup({ result: AuthorizeResult.ALLOW });
    const decision = await allow.reads.decide(credentials);
    await expect(
      decision.assert('component:default/ghost', undefined),
    ).resolves.toBeUndefined();

    const deny = setup({ result: AuthorizeResult.DENY });
    const denied = await deny.reads.decide(credentials);
    expect(denied.deniedOutright).toBe(true);
    await expect(
      denied.assert('component:default/shop', entities[0]),
    ).rejects.toThrow(
      'Permission airflow.dag.read on component:default/shop is required',
    );
    expect([...allow.askedWithRefs, ...deny.askedWithRefs]).toEqual([]);
  });
});
