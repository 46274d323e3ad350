/*
 * The portal's backend: the catalog, sign-in (guest, and the demo's pick-a-user
 * sign-in in development), the permission framework with the community RBAC
 * policy (rbac/ at the repository root), and the Airflow backend plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { authModuleDemoSignIn } from './modules/demoSignIn';

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

// airflow
backend.add(import('@airflow-portal/plugin-airflow-backend'));

backend.start();
