import {
  AIRFLOW_AUDIT_RECORD_RESOURCE_TYPE,
  AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE,
  AIRFLOW_DAG_RESOURCE_TYPE,
  AIRFLOW_ENVIRONMENT_RESOURCE_TYPE,
} from '@airflow-portal/plugin-airflow-common';
import type { Entity } from '@backstage/catalog-model';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';

/** What environment rules see: the configured name and tags, never credentials. */
export interface EnvironmentResource {
  name: string;
  tags: string[];
}

/** Criteria the environment rules translate to (nothing queries them yet). */
export interface EnvironmentQuery {
  key: 'name' | 'tag';
  values: string[];
}

export const airflowEnvironmentResourceRef = createPermissionResourceRef<
  EnvironmentResource,
  EnvironmentQuery
>().with({
  pluginId: 'airflow',
  resourceType: AIRFLOW_ENVIRONMENT_RESOURCE_TYPE,
});

/** Catalog-style filter criteria, as the catalog's own rules produce them. */
export interface EntityQuery {
  key: string;
  values?: string[];
}

/**
 * Catalog entities as this plugin's resource. The DAG permissions are
 * `catalog-entity` permissions; a conditional decision naming this plugin (the
 * community RBAC plugin attributes conditions to the plugin that declares the
 * permission) is applied here, with the same rule names as the catalog's.
 */
export const airflowCatalogEntityResourceRef = createPermissionResourceRef<
  Entity,
  EntityQuery
>().with({
  pluginId: 'airflow',
  resourceType: AIRFLOW_CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * A DAG as the `airflow-dag` rules see it: only facts a catalog author cannot
 * change (the portal's config and Airflow's metadata), unless the deployment
 * trusts annotations (`airflow.permissions.trustAnnotations`).
 */
export interface DagResource {
  environment: string;
  /** The environment's `tags` from config. */
  environmentTags: string[];
  production: boolean;
  dagId: string;
  /** The DAG's Airflow `owners`. */
  owners: string[];
  /** The DAG's Airflow tags. */
  tags: string[];
  /**
   * Catalog refs of its owners: `owners` and owner tags mapped by the
   * environment's `dagOwners`; with trusted annotations also the owners of
   * the entity through which it was named, when that entity binds it.
   */
  ownerRefs: string[];
}

/** Criteria the DAG rules translate to, for anything that lists DAGs by them. */
export interface DagQuery {
  key: 'ownerRef' | 'tag' | 'environment' | 'environmentTag';
  values: string[];
}

export const airflowDagResourceRef = createPermissionResourceRef<
  DagResource,
  DagQuery
>().with({
  pluginId: 'airflow',
  resourceType: AIRFLOW_DAG_RESOURCE_TYPE,
});

/**
 * An audit record as the `airflow-audit-record` rules see it: its
 * environment, and the owners of its entity when the attempt was recorded.
 */
export interface AuditRecordResource {
  environment: string;
  ownerRefs: string[];
}

/**
 * Criteria the audit rules translate to; the audit store turns a tree of
 * them into its WHERE clause (same shape as `AuditRecordFilter` there).
 */
export interface AuditRecordQuery {
  key: 'ownerRef' | 'environment';
  values: string[];
}

export const airflowAuditRecordResourceRef = createPermissionResourceRef<
  AuditRecordResource,
  AuditRecordQuery
>().with({
  pluginId: 'airflow',
  resourceType: AIRFLOW_AUDIT_RECORD_RESOURCE_TYPE,
});
