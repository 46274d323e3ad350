import {
  createPermission,
  type BasicPermission,
  type Permission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type. `airflow.dag.read` (what an entity page shows)
 * is a resource permission on the catalog entity the DAGs are bound to, so
 * policies can use the catalog's conditional rules (e.g. "is entity owner"). Same value as
 * `RESOURCE_TYPE_CATALOG_ENTITY` in `@backstage/plugin-catalog-common/alpha`.
 *
 * @public
 */
export const AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * One DAG of one environment as a permission resource: what the acting and
 * inspecting permissions (trigger, pause, logs, a run's conf) are decided on.
 * Resource refs: see {@link formatAirflowDagResourceRef}.
 *
 * @public
 */
export const AIRFLOW_DAG_RESOURCE_TYPE = 'airflow-dag';

/**
 * An Airflow environment as a permission resource, with Airflow-specific rules
 * (environment name, environment tags) owned by the Airflow backend plugin.
 * Resource refs are environment names. Reading every import error of an
 * environment is decided on it; the environment's facts are also part of
 * every `airflow-dag` decision.
 *
 * @public
 */
export const AIRFLOW_ENVIRONMENT_RESOURCE_TYPE = 'airflow-environment';

/**
 * One record of the audit trail as a permission resource, so that policies
 * can scope who reads which records (e.g. a team reads the records of what
 * it owns). Resource refs are record ids.
 *
 * @public
 */
export const AIRFLOW_AUDIT_RECORD_RESOURCE_TYPE = 'airflow-audit-record';

/**
 * See the DAGs bound to an entity, their runs and task instances. It only
 * decides what an entity page shows: acting on a DAG, reading its logs or a
 * run's unredacted `conf` is decided on the DAG (`airflow-dag`).
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
 * Trigger a DAG. Decided on the DAG itself (`airflow-dag`), from the portal's
 * config and Airflow's metadata, never from the annotations of the entity
 * that shows it. Who may trigger a DAG also sees its runs' `conf` unredacted.
 *
 * @public
 */
export const airflowDagTriggerPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.trigger',
    attributes: { action: 'create' },
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Pause or unpause a DAG (`airflow-dag`).
 *
 * @public
 */
export const airflowDagPausePermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.pause',
    attributes: { action: 'update' },
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Read the task logs of a DAG (`airflow-dag`).
 *
 * It deliberately has no `action` attribute (policies see it as `use`):
 * policy tools that map a conditional policy's actions to the first
 * permission of the plugin with that action (the community RBAC plugin does)
 * would otherwise map `read` to `airflow.dag.read`.
 *
 * @public
 */
export const airflowTaskLogReadPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.task.log.read',
    attributes: {},
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
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
 * Read every import error (file name and stack trace) of an environment,
 * whichever team's files they are: an operator's permission, decided on the
 * environment (`airflow-environment`). Without it a reader sees only the
 * import errors of files whose DAGs they may read the logs of
 * (`airflow.task.log.read` on the DAG).
 *
 * Its action is `read`: the community RBAC plugin's files can grant it
 * (CSV, by name) but cannot scope it with conditions, since their `read`
 * maps to `airflow.dag.read`; conditions on it need a code policy.
 *
 * @public
 */
export const airflowEnvironmentImportErrorsReadPermission: ResourcePermission<'airflow-environment'> =
  createPermission({
    name: 'airflow.environment.importErrors.read',
    attributes: { action: 'read' },
    resourceType: AIRFLOW_ENVIRONMENT_RESOURCE_TYPE,
  });

/**
 * Read records of the audit trail of Airflow actions (`airflow-audit-record`).
 * Allowed: every record; conditional: the records the conditions select
 * (`IS_AUDIT_RECORD_OF_OWNED_ENTITY`, `IS_AUDIT_RECORD_IN_ENVIRONMENT`),
 * applied by the audit store as a query.
 *
 * Its action is `read`: the community RBAC plugin's files grant it by name
 * (CSV), but a conditional policy in its YAML maps `read` to
 * `airflow.dag.read`, so conditions on it need a code policy.
 *
 * @public
 */
export const airflowAuditReadPermission: ResourcePermission<'airflow-audit-record'> =
  createPermission({
    name: 'airflow.audit.read',
    attributes: { action: 'read' },
    resourceType: AIRFLOW_AUDIT_RECORD_RESOURCE_TYPE,
  });

/**
 * List every environment and every DAG of it with its owners
 * (`GET /inventory`): what the catalog's entity provider and the search
 * collator publish, called with their service credentials. A user with it sees every
 * DAG's id, description, tags and owners, whichever team's: grant it to
 * operators only.
 *
 * @public
 */
export const airflowInventoryReadPermission: BasicPermission = createPermission(
  {
    name: 'airflow.inventory.read',
    attributes: { action: 'read' },
  },
);

/**
 * Answer a human-in-the-loop approval of a DAG's task (`airflow-dag`).
 * Reading pending approvals follows `airflow.dag.read` on the entity.
 *
 * No `action` attribute (policies see it as `use`), like
 * `airflow.task.log.read`: policy tools that map an action to the first
 * permission of the plugin with that action would otherwise map `update` to
 * `airflow.dag.pause`.
 *
 * @public
 */
export const airflowDagHitlRespondPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.hitl.respond',
    attributes: {},
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Read Airflow's own event log of a DAG (`airflow-dag`): who paused,
 * triggered or cleared it in Airflow itself. It shows Airflow user names,
 * hence a permission of its own. No `action` attribute, like
 * `airflow.task.log.read`, so that action-mapping policy tools keep mapping
 * `read` to `airflow.dag.read`.
 *
 * @public
 */
export const airflowDagEventLogReadPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.eventlog.read',
    attributes: {},
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Clear task instances of a run so that Airflow runs them again (clear,
 * "retry failed"), and see its dry run (`airflow-dag`).
 *
 * @public
 */
export const airflowDagClearPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.clear',
    attributes: { action: 'update' },
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Create, pause, unpause and cancel backfills of a DAG, and preview one
 * (`airflow-dag`). No `action` attribute, for the same reason as
 * `airflow.dag.hitl.respond`.
 *
 * @public
 */
export const airflowDagBackfillPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.backfill',
    attributes: {},
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Mark a run or a task instance success, failed (or skipped), and see what
 * it would change (`airflow-dag`).
 *
 * @public
 */
export const airflowDagRunMarkPermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.run.mark',
    attributes: { action: 'update' },
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Open an environment's Airflow UI signed in (MWAA `CreateWebLoginToken`,
 * with the environment's web login identity), decided on the environment
 * (`airflow-environment`). The session carries that identity's Airflow
 * role, whoever clicks: grant it to those who may have that role.
 *
 * It has no `action` attribute (policies see it as `use`): the community
 * RBAC plugin's files grant it by name (CSV); conditions on it need a code
 * policy, since their `use` maps to `airflow.task.log.read`.
 *
 * @public
 */
export const airflowEnvironmentWebLoginPermission: ResourcePermission<'airflow-environment'> =
  createPermission({
    name: 'airflow.environment.webLogin',
    attributes: {},
    resourceType: AIRFLOW_ENVIRONMENT_RESOURCE_TYPE,
  });

/**
 * Set the note of a run or a task instance (`airflow-dag`).
 *
 * @public
 */
export const airflowDagNotePermission: ResourcePermission<'airflow-dag'> =
  createPermission({
    name: 'airflow.dag.note',
    attributes: { action: 'update' },
    resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
  });

/**
 * Every Airflow permission. The order matters to policy tools that map an
 * action to the first resource permission of the plugin with that action:
 * `read` is `airflow.dag.read`, `create` `airflow.dag.trigger`, `update`
 * `airflow.dag.pause`, `use` `airflow.task.log.read`.
 *
 * @public
 */
export const airflowPermissions: Permission[] = [
  airflowDagReadPermission,
  airflowDagTriggerPermission,
  airflowDagPausePermission,
  airflowTaskLogReadPermission,
  airflowEnvironmentReadPermission,
  airflowAuditReadPermission,
  airflowEnvironmentImportErrorsReadPermission,
  airflowInventoryReadPermission,
  airflowDagHitlRespondPermission,
  airflowDagBackfillPermission,
  airflowEnvironmentWebLoginPermission,
  airflowDagClearPermission,
  airflowDagRunMarkPermission,
  airflowDagNotePermission,
  airflowDagEventLogReadPermission,
];

/**
 * Names of the permission rules the Airflow backend registers, for policies.
 *
 * @public
 */
export const AIRFLOW_PERMISSION_RULES = {
  /** `airflow-dag`: the DAG's owners (Airflow `owners` and owner tags, mapped to catalog refs by config) include one of `{ claims: string[] }`. */
  isDagOwner: 'IS_DAG_OWNER',
  /** `airflow-dag`: the DAG carries one of `{ tags: string[] }` (Airflow tags). */
  hasDagTag: 'HAS_DAG_TAG',
  /** `airflow-dag`: the DAG is in one of the environments `{ names: string[] }`. */
  isDagInEnvironment: 'IS_DAG_IN_ENVIRONMENT',
  /** `airflow-dag`: the DAG's environment carries one of `{ tags: string[] }` (from config). */
  hasDagEnvironmentTag: 'HAS_DAG_ENVIRONMENT_TAG',
  /** `airflow-environment`: the environment is one of `{ names: string[] }`. */
  isEnvironment: 'IS_ENVIRONMENT',
  /** `airflow-environment`: the environment carries one of `{ tags: string[] }` (from config). */
  hasEnvironmentTag: 'HAS_ENVIRONMENT_TAG',
  /**
   * `airflow-audit-record`: the entity the attempt was made through was
   * owned by one of `{ claims: string[] }` when the attempt was recorded.
   */
  isAuditRecordOfOwnedEntity: 'IS_AUDIT_RECORD_OF_OWNED_ENTITY',
  /** `airflow-audit-record`: the record is of one of the environments `{ names: string[] }`. */
  isAuditRecordInEnvironment: 'IS_AUDIT_RECORD_IN_ENVIRONMENT',
  /** `catalog-entity`: the entity is owned by one of `{ claims: string[] }` (same as the catalog's rule). */
  isEntityOwner: 'IS_ENTITY_OWNER',
  /** `catalog-entity`: the entity is one of `{ entityRefs: string[] }` (e.g. the caller's own groups). */
  isEntityRef: 'IS_ENTITY_REF',
  /** `catalog-entity`: the entity's kind is one of `{ kinds: string[] }` (same as the catalog's rule). */
  isEntityKind: 'IS_ENTITY_KIND',
} as const;
