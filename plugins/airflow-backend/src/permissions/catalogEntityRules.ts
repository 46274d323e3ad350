import { RELATION_OWNED_BY, type Entity } from '@backstage/catalog-model';
import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import type { EntityQuery } from './resources';
import { rulesetOf } from './rules';
import { stringListParams } from './paramsSchema';

/*
 * The catalog's own `catalog-entity` rules that this plugin evaluates in
 * process, written to the letter of @backstage/plugin-catalog-backend's
 * (a backend plugin may not import another backend plugin). Only rules whose
 * semantics are fully reproduced here are listed: a conditional decision
 * naming any other catalog rule (HAS_ANNOTATION, HAS_LABEL, HAS_METADATA,
 * HAS_SPEC, or one a catalog module adds) is sent to the permission backend
 * as before, so that the catalog applies it itself.
 */

/** The catalog's resource, for typing the rules; never registered here. */
const catalogEntityResourceRef = createPermissionResourceRef<
  Entity,
  EntityQuery
>().with({ pluginId: 'catalog', resourceType: 'catalog-entity' });

/**
 * The catalog's IS_ENTITY_OWNER: an `ownedBy` relation to one of `claims`.
 * Ignoring case, as the catalog's query does (its search rows and the values
 * it looks for are lower-cased), so a claim written with capitals selects
 * here what it selects there.
 */
const isEntityOwner = createPermissionRule<
  typeof catalogEntityResourceRef,
  { claims: string[] }
>({
  name: 'IS_ENTITY_OWNER',
  description: 'Allow entities owned by a specified claim',
  resourceRef: catalogEntityResourceRef,
  paramsSchema: stringListParams('claims', 'Claims to match ownedBy on'),
  apply: (entity, { claims }) => {
    const wanted = claims.map(claim => claim.toLocaleLowerCase('en-US'));
    return (entity.relations ?? []).some(
      relation =>
        relation.type === RELATION_OWNED_BY &&
        wanted.includes(relation.targetRef.toLocaleLowerCase('en-US')),
    );
  },
  toQuery: ({ claims }) => ({ key: 'relations.ownedBy', values: claims }),
});

/** The catalog's IS_ENTITY_KIND: the kind is one of `kinds`, ignoring case. */
const isEntityKind = createPermissionRule<
  typeof catalogEntityResourceRef,
  { kinds: string[] }
>({
  name: 'IS_ENTITY_KIND',
  description: 'Allow entities matching a specified kind',
  resourceRef: catalogEntityResourceRef,
  paramsSchema: stringListParams('kinds', 'Kinds to match at least one of'),
  apply: (entity, { kinds }) => {
    const kind = entity.kind.toLowerCase();
    return kinds.some(k => k.toLowerCase() === kind);
  },
  toQuery: ({ kinds }) => ({
    key: 'kind',
    values: kinds.map(k => k.toLowerCase()),
  }),
});

/**
 * The catalog rules applied in process. Each reads only `kind`,
 * `metadata.name`/`namespace` or `relations`, which every entity this plugin
 * decides on is read with.
 */
export const catalogEntityRuleset = rulesetOf([isEntityOwner, isEntityKind]);
