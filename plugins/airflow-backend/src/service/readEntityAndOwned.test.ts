import { mockCredentials } from '@backstage/backend-test-utils';
import { type Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readEntityAndOwned, resolveEntity } from './entityBindings';

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function component(
  name: string,
  owner: string,
  options: { namespace?: string; relation?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      annotations: {
        'airflow.apache.org/environment': 'prod',
        'airflow.apache.org/dag-ids': name,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: options.relation
      ? [{ type: RELATION_OWNED_BY, targetRef: options.relation }]
      : [],
  };
}

const credentials = mockCredentials.user();

function setup(entities: Entity[]) {
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const getEntityByRef = jest.spyOn(catalog, 'getEntityByRef');
  return { catalog, getEntities, getEntityByRef };
}

const groupRef = { kind: 'group', namespace: 'default', name: 'team-a' };

describe('readEntityAndOwned', () => {
  it('reads a group and what may be its in one query, and resolving it reads nothing more', async () => {
    const { catalog, getEntities, getEntityByRef } = setup([
      group,
      component('shop', 'team-a', { relation: 'group:default/team-a' }),
      component('billing', 'group:default/team-a'),
      component('other', 'team-b', { relation: 'group:default/team-b' }),
    ]);

    const read = await readEntityAndOwned(catalog, groupRef, credentials);
    const resolved = await resolveEntity(
      catalog,
      groupRef,
      credentials,
      undefined,
      {
        entity: read.entity as Entity,
        ownedCandidates: read.ownedCandidates,
        mayRead: async entities => entities.map(() => true),
      },
    );

    expect(read.entity?.metadata.name).toBe('team-a');
    expect(resolved.boundEntities.map(b => b.entityRef).sort()).toEqual([
      'component:default/billing',
      'component:default/shop',
      'group:default/team-a',
    ]);
    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(getEntityByRef).not.toHaveBeenCalled();
  });

  it('names the group whatever the case of the path', async () => {
    const { catalog } = setup([group]);

    const read = await readEntityAndOwned(
      catalog,
      { kind: 'Group', namespace: 'default', name: 'Team-A' },
      credentials,
    );

    expect(read.entity?.metadata.name).toBe('team-a');
  });

  it('no group: neither the entity nor what names it as owner', async () => {
    const { catalog } = setup([component('shop', 'team-a')]);

    expect(await readEntityAndOwned(catalog, groupRef, credentials)).toEqual(
      {},
    );
  });

  it('an entity of another kind: read by ref, as before', async () => {
    const shop = component('shop', 'team-a');
    const { catalog, getEntities, getEntityByRef } = setup([shop]);

    const read = await readEntityAndOwned(
      catalog,
      { kind: 'component', namespace: 'default', name: 'shop' },
      credentials,
    );

    expect(read.entity?.metadata.name).toBe('shop');
    expect(read.ownedCandidates).toBeUndefined();
    expect(getEntityByRef).toHaveBeenCalledTimes(1);
    expect(getEntities).not.toHaveBeenCalled();
  });
});
