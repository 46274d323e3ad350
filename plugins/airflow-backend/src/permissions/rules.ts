import { AIRFLOW_PERMISSION_RULES } from '@airflow-portal/plugin-airflow-common';
import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { createPermissionRule } from '@backstage/plugin-permission-node';
import {
  airflowCatalogEntityResourceRef,
  airflowEnvironmentResourceRef,
} from './resources';
import { stringListParams } from './paramsSchema';

const lower = (value: string) => value.toLocaleLowerCase('en-US');

/** The environment is one of `names`. */
export const isEnvironment = createPermissionRule<
  typeof airflowEnvironmentResourceRef,
  { names: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isEnvironment,
  description: 'Allow when the Airflow environment is one of the given names',
  resourceRef: airflowEnvironmentResourceRef,
  paramsSchema: stringListParams('names', 'Environment names'),
  apply: (environment, { names }) => names.includes(environment.name),
  toQuery: ({ names }) => ({ key: 'name', values: names }),
});

/** The environment carries one of `tags` (`airflow.environments[].tags`). */
export const hasEnvironmentTag = createPermissionRule<
  typeof airflowEnvironmentResourceRef,
  { tags: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.hasEnvironmentTag,
  description:
    'Allow when the Airflow environment carries one of the given tags (e.g. production)',
  resourceRef: airflowEnvironmentResourceRef,
  paramsSchema: stringListParams('tags', 'Environment tags'),
  apply: (environment, { tags }) => {
    const wanted = tags.map(lower);
    return environment.tags.some(tag => wanted.includes(lower(tag)));
  },
  toQuery: ({ tags }) => ({ key: 'tag', values: tags }),
});

export const environmentRules = [isEnvironment, hasEnvironmentTag];

/** Same semantics as the catalog's `IS_ENTITY_OWNER`. */
export const isEntityOwner = createPermissionRule<
  typeof airflowCatalogEntityResourceRef,
  { claims: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isEntityOwner,
  description: 'Allow entities owned by any of the given entity refs',
  resourceRef: airflowCatalogEntityResourceRef,
  paramsSchema: stringListParams(
    'claims',
    'Entity refs of owners, e.g. the caller’s ownership refs',
  ),
  apply: (entity, { claims }) => {
    const wanted = claims.map(lower);
    return (entity.relations ?? []).some(
      relation =>
        relation.type === RELATION_OWNED_BY &&
        wanted.includes(lower(relation.targetRef)),
    );
  },
  toQuery: ({ claims }) => ({ key: 'relations.ownedBy', values: claims }),
});

/**
 * The entity is one of `entityRefs`; with the caller's ownership refs it
 * allows a team's own Group page (a group does not own itself).
 */
export const isEntityRef = createPermissionRule<
  typeof airflowCatalogEntityResourceRef,
  { entityRefs: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isEntityRef,
  description: 'Allow the entities with the given refs',
  resourceRef: airflowCatalogEntityResourceRef,
  paramsSchema: stringListParams('entityRefs', 'Entity refs'),
  apply: (entity, { entityRefs }) =>
    entityRefs.map(lower).includes(lower(stringifyEntityRef(entity))),
  toQuery: ({ entityRefs }) => ({ key: 'ref', values: entityRefs }),
});

/** Same semantics as the catalog's `IS_ENTITY_KIND`. */
export const isEntityKind = createPermissionRule<
  typeof airflowCatalogEntityResourceRef,
  { kinds: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isEntityKind,
  description: 'Allow entities of the given kinds',
  resourceRef: airflowCatalogEntityResourceRef,
  paramsSchema: stringListParams('kinds', 'Entity kinds'),
  apply: (entity, { kinds }) => kinds.map(lower).includes(lower(entity.kind)),
  toQuery: ({ kinds }) => ({ key: 'kind', values: kinds }),
});

export const entityRules = [isEntityOwner, isEntityRef, isEntityKind];
