/*
 * The portal's backend: the catalog, sign-in (guest, and the demo's pick-a-user
 * sign-in in development), the permission framework with the community RBAC
 * policy (rbac/ at the repository root), the Airflow backend plugin, search
 * (catalog entities and Airflow DAGs, each result filtered by what the reader
 * may see), notifications, the scaffolder with the Airflow template actions,
 * and the MCP actions backend, which serves registered actions (the catalog's
 * reads and Airflow's) as tools for AI assistants.
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoSignIn } from './modules/demoSignIn';
import { permissionModuleStoreUnavailable } from './modules/permissionStoreUnavailable';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth: the guest provider signs in as auth.providers.guest.userEntityRef in
// development; the demo provider lets a developer pick a demo user.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(authModuleDemoSignIn);

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// permissions: the community RBAC plugin is the permission backend and its
// policy (permission.rbac in app-config.yaml). No allow-all policy.
backend.add(import('@backstage-community/plugin-rbac-backend'));
// while its policy store cannot be read, a DENY is answered as a 503
backend.add(permissionModuleStoreUnavailable);

// airflow
backend.add(import('@airflow-portal/plugin-airflow-backend'));
// the environments (and, when enabled, the DAGs) as catalog Resources
backend.add(import('@airflow-portal/plugin-catalog-backend-module-airflow'));

// search: the Lunr engine (the default without an engine module), the
// catalog's collator and the Airflow DAG collator
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@airflow-portal/plugin-search-backend-module-airflow'));

// notifications: the Airflow backend's failed runs and waiting approvals reach
// the bound entities' owners; signals push them to open browsers at once
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// scaffolder, with the Airflow template actions (airflow:dag:trigger, pause,
// clear), which act as the user who runs the template
backend.add(import('@backstage/plugin-scaffolder-backend'));
// the Template kind in the catalog (without it the demo template is not read)
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@airflow-portal/plugin-scaffolder-backend-module-airflow'));
// AI assistants: the actions of backend.actions.pluginSources as MCP tools at
// /api/mcp-actions/v1, each call made as the signed-in user who sent it
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
