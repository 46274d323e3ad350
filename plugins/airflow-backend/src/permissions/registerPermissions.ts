import {
  airflowDagPausePermission,
  airflowDagReadPermission,
  airflowDagTriggerPermission,
  airflowEnvironmentOperatePermission,
  airflowPermissions,
  airflowTaskLogReadPermission,
} from '@airflow-portal/plugin-airflow-common';
import type {
  AuthService,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EnvironmentConfig } from '../config/types';
import {
  airflowCatalogEntityResourceRef,
  airflowEnvironmentResourceRef,
} from './resources';
import { entityRules, environmentRules } from './rules';

export interface RegisterPermissionsOptions {
  registry: PermissionsRegistryService;
  environments: EnvironmentConfig[];
  catalog: CatalogService;
  auth: AuthService;
}

/**
 * Declares the plugin's permissions, its `airflow-environment` resource type,
 * and `catalog-entity` rules for conditional decisions that name this plugin.
 */
export function registerPermissions(options: RegisterPermissionsOptions) {
  const { registry, environments, catalog, auth } = options;
  // First, in this order: policy tools may map an action to the first permission with it.
  registry.addPermissions(airflowPermissions);

  const byName = new Map(
    environments.map(env => [env.name, { name: env.name, tags: env.tags }]),
  );
  registry.addResourceType({
    resourceRef: airflowEnvironmentResourceRef,
    permissions: [airflowEnvironmentOperatePermission],
    rules: environmentRules,
    getResources: async refs => refs.map(ref => byName.get(ref)),
  });

  registry.addResourceType({
    resourceRef: airflowCatalogEntityResourceRef,
    permissions: [
      airflowDagReadPermission,
      airflowDagTriggerPermission,
      airflowDagPausePermission,
      airflowTaskLogReadPermission,
    ],
    rules: entityRules,
    getResources: async entityRefs => {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return items.map(item => item ?? undefined);
    },
  });
}
