import {
  airflowAuditReadPermission,
  airflowDagPausePermission,
  airflowDagReadPermission,
  airflowDagTriggerPermission,
  airflowEnvironmentImportErrorsReadPermission,
  airflowEnvironmentWebLoginPermission,
  airflowPermissions,
  airflowTaskLogReadPermission,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AuthService,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { PermissionRuleset } from '@backstage/plugin-permission-node';
import type { EnvironmentConfig } from '../config/types';
import type { DagResources } from './DagResources';
import {
  airflowAuditRecordResourceRef,
  airflowCatalogEntityResourceRef,
  airflowDagResourceRef,
  airflowEnvironmentResourceRef,
  type DagResource,
} from './resources';
import {
  auditRecordRules,
  dagRules,
  entityRules,
  environmentRules,
} from './rules';

export interface RegisterPermissionsOptions {
  registry: PermissionsRegistryService;
  environments: EnvironmentConfig[];
  dagResources: DagResources;
  catalog: CatalogService;
  auth: AuthService;
}

/**
 * Declares the plugin's permissions, its `airflow-dag`,
 * `airflow-environment` and `airflow-audit-record` resource types with their rules, and `catalog-entity`
 * rules for conditional decisions that name this plugin. Answers the
 * `airflow-dag` rules as registered, for deciding on DAGs in this process.
 */
export function registerPermissions(
  options: RegisterPermissionsOptions,
): PermissionRuleset<DagResource> {
  const { registry, environments, dagResources, catalog, auth } = options;
  // First, in this order: policy tools may map an action to the first permission with it.
  registry.addPermissions(airflowPermissions);

  registry.addResourceType({
    resourceRef: airflowDagResourceRef,
    permissions: [
      airflowDagTriggerPermission,
      airflowDagPausePermission,
      airflowTaskLogReadPermission,
    ],
    rules: dagRules,
    // For decisions asked elsewhere (the browser's permission-aware buttons).
    getResources: refs => dagResources.loadRefs(refs),
  });

  const byName = new Map(
    environments.map(env => [env.name, { name: env.name, tags: env.tags }]),
  );
  registry.addResourceType({
    resourceRef: airflowEnvironmentResourceRef,
    permissions: [
      airflowEnvironmentImportErrorsReadPermission,
      airflowEnvironmentWebLoginPermission,
    ],
    rules: environmentRules,
    getResources: async refs => refs.map(ref => byName.get(ref)),
  });

  registry.addResourceType({
    resourceRef: airflowCatalogEntityResourceRef,
    permissions: [airflowDagReadPermission],
    rules: entityRules,
    getResources: async entityRefs => {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return items.map(item => item ?? undefined);
    },
  });

  // Decided as a query (AirflowAuthorizer.auditFilter): the audit store
  // applies the conditions itself, so no resources are loaded one by one.
  registry.addResourceType({
    resourceRef: airflowAuditRecordResourceRef,
    permissions: [airflowAuditReadPermission],
    rules: auditRecordRules,
  });

  return registry.getPermissionRuleset(airflowDagResourceRef);
}
