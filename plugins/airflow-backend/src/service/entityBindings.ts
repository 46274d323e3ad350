import {
  AirflowEntityBinding,
  readAirflowAnnotations,
} from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** Kinds whose DAGs count towards the group that owns them. */
const OWNED_KINDS = ['component', 'system', 'resource'];

export interface BoundEntity {
  entityRef: string;
  binding: AirflowEntityBinding;
}

/** What is bound in one environment: each DAG id / tag with the entities binding it. */
export interface EnvironmentBinding {
  environment: string;
  dagIds: Map<string, string[]>;
  dagTags: Map<string, string[]>;
}

export interface ResolvedEntity {
  entityRef: string;
  isGroup: boolean;
  /** The entity itself, and for a group every entity it owns. */
  boundEntities: BoundEntity[];
}

export function toBound(entity: Entity): BoundEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    binding: readAirflowAnnotations(entity),
  };
}

/**
 * Which of the entities the caller may see the DAGs of (`airflow.dag.read`),
 * in order: one decision for all of them.
 */
export type EntityReadFilter = (
  entities: Entity[],
  credentials: BackstageCredentials,
) => Promise<boolean[]>;

/**
 * The entity as the router read it with the caller's credentials and found
 * readable (`airflow.dag.read`), with the caller's decision for the entities
 * a group owns: the request reads it once and asks once.
 */
export interface ReadEntity {
  entity: Entity;
  mayRead(entities: Entity[]): Promise<boolean[]>;
  /**
   * For a group: the entities that may be its, read in the same query as
   * the group (see `readEntityAndOwned`); not read again.
   */
  ownedCandidates?: Entity[];
}

/** The entity as the caller may read it, and for a group what may be its (one catalog query). */
export interface EntityAndOwned {
  entity?: Entity;
  ownedCandidates?: Entity[];
}

/**
 * Every field a group page reads of what a group owns: the binding
 * (annotations), the owner, and all that the `catalog-entity` rules applied
 * in process read (kind, name, namespace, relations; see
 * permissions/EntityReads).
 */
const OWNED_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.owner',
  'relations',
];

const isGroupKind = (kind: string) =>
  kind.toLocaleLowerCase('en-US') === 'group';

/**
 * The catalog filters (any of) for what a group may own: by the `ownedBy`
 * relation, or by every way `spec.owner` may name the group; short forms
 * are kept afterwards only where they resolve to it in the owned entity's
 * own namespace (`isOwnedBy`).
 */
function ownedByFilters(
  groupRef: string,
  name: string,
  namespace: string,
): Record<string, string | string[]>[] {
  const owners = [
    groupRef,
    name,
    `group:${name}`,
    `${namespace}/${name}`,
    `group:${namespace}/${name}`,
  ];
  return [{ 'relations.ownedBy': groupRef }, { 'spec.owner': owners }];
}

/**
 * Reads the entity with the caller's credentials; a group together with
 * what may be its, in one catalog query (the group by kind, namespace and
 * name, or any entity naming it as owner), instead of one read of the group
 * and one of what it owns.
 */
export async function readEntityAndOwned(
  catalog: CatalogService,
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
): Promise<EntityAndOwned> {
  if (!isGroupKind(ref.kind)) {
    return {
      entity: await catalog.getEntityByRef(stringifyEntityRef(ref), {
        credentials,
      }),
    };
  }
  const groupRef = stringifyEntityRef(ref);
  const { items } = await catalog.getEntities(
    {
      filter: [
        {
          kind: 'group',
          'metadata.namespace': ref.namespace,
          'metadata.name': ref.name,
        },
        ...ownedByFilters(groupRef, ref.name, ref.namespace),
      ],
      fields: ['apiVersion', ...OWNED_FIELDS],
    },
    { credentials },
  );
  const wanted = groupRef.toLocaleLowerCase('en-US');
  const entity = items.find(
    item =>
      isGroupKind(item.kind) &&
      stringifyEntityRef(item).toLocaleLowerCase('en-US') === wanted,
  );
  return entity
    ? { entity, ownedCandidates: items.filter(item => item !== entity) }
    : {};
}

/**
 * Reads the entity from the catalog with the caller's credentials, so the
 * caller only sees what the catalog lets them see. For a Group, also reads the
 * entities it owns (by the `ownedBy` relation, or `spec.owner` resolved in the
 * owned entity's own namespace for entities whose relations are not processed
 * yet), keeping those whose DAGs the caller may see (`mayRead`, or the
 * decision `known` comes with): a group page shows no more than the
 * entities' own pages would. With `known`, the entity is not read again
 * (nor, when it comes with them, what the group may own).
 */
export async function resolveEntity(
  catalog: CatalogService,
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
  mayRead?: EntityReadFilter,
  known?: ReadEntity,
): Promise<ResolvedEntity> {
  const entityRef = stringifyEntityRef(ref);
  const entity =
    known?.entity ?? (await catalog.getEntityByRef(entityRef, { credentials }));
  if (!entity) {
    throw new NotFoundError(`Entity ${entityRef} not found`);
  }
  const isGroup = isGroupKind(entity.kind);
  if (!isGroup) {
    return { entityRef, isGroup, boundEntities: [toBound(entity)] };
  }
  const groupRef = stringifyEntityRef(entity);
  const { name, namespace = 'default' } = entity.metadata;
  const items =
    known?.ownedCandidates ??
    (
      await catalog.getEntities(
        {
          filter: ownedByFilters(groupRef, name, namespace),
          fields: OWNED_FIELDS,
        },
        { credentials },
      )
    ).items;
  const owned = items.filter(
    item =>
      OWNED_KINDS.includes(item.kind.toLocaleLowerCase('en-US')) &&
      isOwnedBy(item, groupRef),
  );
  let readable = owned.map(() => true);
  if (known) {
    readable = await known.mayRead(owned);
  } else if (mayRead) {
    readable = await mayRead(owned, credentials);
  }
  const byRef = new Map<string, BoundEntity>();
  for (const item of [entity, ...owned.filter((_, i) => readable[i])]) {
    const bound = toBound(item);
    byRef.set(bound.entityRef, bound);
  }
  return { entityRef, isGroup, boundEntities: Array.from(byRef.values()) };
}

/** By its `ownedBy` relation, or its `spec.owner` read as the catalog does: kind group, the entity's own namespace. */
function isOwnedBy(item: Entity, groupRef: string): boolean {
  const wanted = groupRef.toLocaleLowerCase('en-US');
  if (
    (item.relations ?? []).some(
      relation =>
        relation.type === RELATION_OWNED_BY &&
        relation.targetRef.toLocaleLowerCase('en-US') === wanted,
    )
  ) {
    return true;
  }
  const owner = item.spec?.owner;
  if (typeof owner !== 'string') {
    return false;
  }
  try {
    const resolved = stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: item.metadata.namespace ?? 'default',
      }),
    );
    return resolved.toLocaleLowerCase('en-US') === wanted;
  } catch {
    return false;
  }
}

function addTo(map: Map<string, string[]>, key: string, entityRef: string) {
  const refs = map.get(key);
  if (!refs) {
    map.set(key, [entityRef]);
  } else if (!refs.includes(entityRef)) {
    refs.push(entityRef);
  }
}

/** Merges the bindings of all entities per environment, in annotation order. */
export function bindingsByEnvironment(
  entities: BoundEntity[],
): EnvironmentBinding[] {
  const result = new Map<string, EnvironmentBinding>();
  for (const { entityRef, binding } of entities) {
    if (binding.dagIds.length === 0 && binding.dagTags.length === 0) {
      continue;
    }
    for (const environment of binding.environments) {
      let envBinding = result.get(environment);
      if (!envBinding) {
        envBinding = { environment, dagIds: new Map(), dagTags: new Map() };
        result.set(environment, envBinding);
      }
      for (const dagId of binding.dagIds) {
        addTo(envBinding.dagIds, dagId, entityRef);
      }
      for (const tag of binding.dagTags) {
        addTo(envBinding.dagTags, tag, entityRef);
      }
    }
  }
  return Array.from(result.values());
}

/** Entities a DAG with this id and these tags is bound to; empty when it is not bound. */
export function boundRefsOf(
  binding: EnvironmentBinding,
  dagId: string,
  tags: string[],
): string[] {
  const refs = new Set(binding.dagIds.get(dagId) ?? []);
  for (const tag of tags) {
    for (const ref of binding.dagTags.get(tag) ?? []) {
      refs.add(ref);
    }
  }
  return Array.from(refs);
}
