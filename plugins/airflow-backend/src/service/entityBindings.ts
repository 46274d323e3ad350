import {
  AirflowEntityBinding,
  readAirflowAnnotations,
} from '@airflow-portal/plugin-airflow-common';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
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

function toBound(entity: Entity): BoundEntity {
  return {
    entityRef: stringifyEntityRef(entity),
    binding: readAirflowAnnotations(entity),
  };
}

/**
 * Reads the entity from the catalog with the caller's credentials, so the
 * caller only sees what the catalog lets them see. For a Group, also reads the
 * entities it owns (by the `ownedBy` relation, or `spec.owner` for entities
 * whose relations are not processed yet).
 */
export async function resolveEntity(
  catalog: CatalogService,
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
): Promise<ResolvedEntity> {
  const entityRef = stringifyEntityRef(ref);
  const entity = await catalog.getEntityByRef(entityRef, { credentials });
  if (!entity) {
    throw new NotFoundError(`Entity ${entityRef} not found`);
  }
  const isGroup = entity.kind.toLocaleLowerCase('en-US') === 'group';
  if (!isGroup) {
    return { entityRef, isGroup, boundEntities: [toBound(entity)] };
  }
  const groupRef = stringifyEntityRef(entity);
  // `spec.owner` may be written as a short ref when the group is in the default namespace.
  const owners = [groupRef];
  if ((entity.metadata.namespace ?? 'default') === 'default') {
    owners.push(entity.metadata.name, `group:${entity.metadata.name}`);
  }
  const { items } = await catalog.getEntities(
    {
      filter: [{ 'relations.ownedBy': groupRef }, { 'spec.owner': owners }],
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const owned = items.filter(item =>
    OWNED_KINDS.includes(item.kind.toLocaleLowerCase('en-US')),
  );
  const byRef = new Map<string, BoundEntity>();
  for (const item of [entity, ...owned]) {
    const bound = toBound(item);
    byRef.set(bound.entityRef, bound);
  }
  return { entityRef, isGroup, boundEntities: Array.from(byRef.values()) };
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
