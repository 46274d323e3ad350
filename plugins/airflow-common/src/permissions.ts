import {
  createPermission,
  type BasicPermission,
  type Permission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type. DAG permissions are resource permissions on the
 * catalog entity the DAGs are bound to, so policies can use the catalog's
 * conditional rules (e.g. "is entity owner"). Same value as
 * `RESOURCE_TYPE_CATALOG_ENTITY` in `@backstage/plugin-catalog-common/alpha`.
 *
 * @public
 */
export const AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * An Airflow environment as a permission resource, with Airflow-specific rules
 * (environment name, environment tags) owned by the Airflow backend plugin.
 * Resource refs are environment names.
 *
 * @public
 */
export const AIRFLOW_ENVIRONMENT_RESOURCE_TYPE = 'airflow-environment';

/**
 * See the DAGs bound to an entity, their runs and task instances.
 *
 * @public
 */
export const airflowDagReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'airflow.dag.read',
    attributes: { action: 'read' },
    resourceType: AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE,
  });

/**
 * Trigger a DAG bound to an entity.
 *
 * @public
 */
export const airflowDagTriggerPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'airflow.dag.trigger',
    attributes: { action: 'create' },
    resourceType: AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE,
  });

/**
 * Pause or unpause a DAG bound to an entity.
 *
 * @public
 */
export const airflowDagPausePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'airflow.dag.pause',
    attributes: { action: 'update' },
    resourceType: AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE,
  });

/**
 * Read task logs of DAGs bound to an entity.
 *
 * @public
 */
export const airflowTaskLogReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'airflow.task.log.read',
    attributes: { action: 'read' },
    resourceType: AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE,
  });

/**
 * See environments and their health (the ops overview).
 *
 * @public
 */
export const airflowEnvironmentReadPermission: BasicPermission =
  createPermission({
    name: 'airflow.environment.read',
    attributes: { action: 'read' },
  });

/**
 * Act (trigger, pause) in an environment. Checked together with the DAG
 * permission, so a policy can say "the owning team may trigger in staging,
 * only the platform team in production".
 *
 * It deliberately has no `action` attribute (policies see it as `use`): policy
 * tools that map a conditional policy's actions to the first permission of the
 * plugin with that action (the community RBAC plugin does) can then address it
 * separately from `airflow.dag.pause` (`update`).
 *
 * @public
 */
export const airflowEnvironmentOperatePermission: ResourcePermission<'airflow-environment'> =
  createPermission({
    name: 'airflow.environment.operate',
    attributes: {},
    resourceType: AIRFLOW_ENVIRONMENT_RESOURCE_TYPE,
  });

/**
 * Read the audit trail of Airflow actions.
 *
 * @public
 */
export const airflowAuditReadPermission: BasicPermission = createPermission({
  name: 'airflow.audit.read',
  attributes: { action: 'read' },
});

/**
 * Every Airflow permission. The order matters to policy tools that map an
 * action to the first permission with that action: `airflow.dag.read` comes
 * before `airflow.task.log.read`, `airflow.dag.pause` before any other `update`.
 *
 * @public
 */
export const airflowPermissions: Permission[] = [
  airflowDagReadPermission,
  airflowDagTriggerPermission,
  airflowDagPausePermission,
  airflowTaskLogReadPermission,
  airflowEnvironmentReadPermission,
  airflowEnvironmentOperatePermission,
  airflowAuditReadPermission,
];

/**
 * Names of the permission rules the Airflow backend registers, for policies.
 *
 * @public
 */
export const AIRFLOW_PERMISSION_RULES = {
  /** `airflow-environment`: the environment is one of `{ names: string[] }`. */
  isEnvironment: 'IS_ENVIRONMENT',
  /** `airflow-environment`: the environment carries one of `{ tags: string[] }` (from config). */
  hasEnvironmentTag: 'HAS_ENVIRONMENT_TAG',
  /** `catalog-entity`: the entity is owned by one of `{ claims: string[] }` (same as the catalog's rule). */
  isEntityOwner: 'IS_ENTITY_OWNER',
  /** `catalog-entity`: the entity is one of `{ entityRefs: string[] }` (e.g. the caller's own groups). */
  isEntityRef: 'IS_ENTITY_REF',
  /** `catalog-entity`: the entity's kind is one of `{ kinds: string[] }` (same as the catalog's rule). */
  isEntityKind: 'IS_ENTITY_KIND',
} as const;
