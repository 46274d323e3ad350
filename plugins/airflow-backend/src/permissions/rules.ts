import { AIRFLOW_PERMISSION_RULES } from '@airflow-portal/plugin-airflow-common';
import {
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  createPermissionRule,
  type PermissionRule,
  type PermissionRuleset,
} from '@backstage/plugin-permission-node';
import {
  airflowAuditRecordResourceRef,
  airflowCatalogEntityResourceRef,
  airflowDagResourceRef,
  airflowEnvironmentResourceRef,
  type DagQuery,
  type DagResource,
} from './resources';
import { stringListParams } from './paramsSchema';

const lower = (value: string) => value.toLocaleLowerCase('en-US');

/** Whether any of `have` is one of `wanted`, ignoring case. */
const anyOf = (have: string[], wanted: string[]) => {
  const set = new Set(wanted.map(lower));
  return have.some(value => set.has(lower(value)));
};

/** One of the DAG's owners (mapped to catalog refs) is one of `claims`. */
export const isDagOwner = createPermissionRule<
  typeof airflowDagResourceRef,
  { claims: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isDagOwner,
  description:
    'Allow DAGs whose Airflow owners (mapped to catalog refs by config) include one of the given entity refs',
  resourceRef: airflowDagResourceRef,
  paramsSchema: stringListParams(
    'claims',
    'Entity refs of owners, e.g. the caller’s ownership refs',
  ),
  apply: (dag, { claims }) => anyOf(dag.ownerRefs, claims),
  toQuery: ({ claims }) => ({ key: 'ownerRef', values: claims }),
});

/** The DAG carries one of `tags` in Airflow. */
export const hasDagTag = createPermissionRule<
  typeof airflowDagResourceRef,
  { tags: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.hasDagTag,
  description: 'Allow DAGs that carry one of the given Airflow tags',
  resourceRef: airflowDagResourceRef,
  paramsSchema: stringListParams('tags', 'Airflow DAG tags'),
  apply: (dag, { tags }) => anyOf(dag.tags, tags),
  toQuery: ({ tags }) => ({ key: 'tag', values: tags }),
});

/** The DAG is in one of the environments `names`. */
export const isDagInEnvironment = createPermissionRule<
  typeof airflowDagResourceRef,
  { names: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isDagInEnvironment,
  description: 'Allow DAGs of the Airflow environments with the given names',
  resourceRef: airflowDagResourceRef,
  paramsSchema: stringListParams('names', 'Environment names'),
  apply: (dag, { names }) => names.includes(dag.environment),
  toQuery: ({ names }) => ({ key: 'environment', values: names }),
});

/** The DAG's environment carries one of `tags` (`airflow.environments[].tags`). */
export const hasDagEnvironmentTag = createPermissionRule<
  typeof airflowDagResourceRef,
  { tags: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.hasDagEnvironmentTag,
  description:
    'Allow DAGs of Airflow environments that carry one of the given tags (e.g. staging)',
  resourceRef: airflowDagResourceRef,
  paramsSchema: stringListParams('tags', 'Environment tags'),
  apply: (dag, { tags }) => anyOf(dag.environmentTags, tags),
  toQuery: ({ tags }) => ({ key: 'environmentTag', values: tags }),
});

export const dagRules: PermissionRule<DagResource, DagQuery, 'airflow-dag'>[] =
  [isDagOwner, hasDagTag, isDagInEnvironment, hasDagEnvironmentTag];

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

/**
 * The entity the attempt was made through was owned by one of `claims` when
 * the attempt was recorded.
 */
export const isAuditRecordOfOwnedEntity = createPermissionRule<
  typeof airflowAuditRecordResourceRef,
  { claims: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isAuditRecordOfOwnedEntity,
  description:
    'Allow audit records of entities owned by one of the given entity refs (as recorded with the attempt)',
  resourceRef: airflowAuditRecordResourceRef,
  paramsSchema: stringListParams(
    'claims',
    'Entity refs of owners, e.g. the caller’s ownership refs',
  ),
  apply: (record, { claims }) => anyOf(record.ownerRefs, claims),
  toQuery: ({ claims }) => ({ key: 'ownerRef', values: claims }),
});

/** The record is of one of the environments `names`. */
export const isAuditRecordInEnvironment = createPermissionRule<
  typeof airflowAuditRecordResourceRef,
  { names: string[] }
>({
  name: AIRFLOW_PERMISSION_RULES.isAuditRecordInEnvironment,
  description:
    'Allow audit records of the Airflow environments with the given names',
  resourceRef: airflowAuditRecordResourceRef,
  paramsSchema: stringListParams('names', 'Environment names'),
  apply: (record, { names }) => names.includes(record.environment),
  toQuery: ({ names }) => ({ key: 'environment', values: names }),
});

export const auditRecordRules = [
  isAuditRecordOfOwnedEntity,
  isAuditRecordInEnvironment,
];

/**
 * `rules` as the registry answers them (`getPermissionRuleset`), for
 * applying decisions where no registry is at hand (tests).
 */
export function rulesetOf<TResource, TQuery, TType extends string>(
  rules: PermissionRule<TResource, TQuery, TType>[],
): PermissionRuleset<TResource, TQuery, TType> {
  return {
    getRuleByName(name) {
      const rule = rules.find(r => r.name === name);
      if (!rule) {
        throw new Error(`Unknown permission rule ${name}`);
      }
      return rule;
    },
  };
}
