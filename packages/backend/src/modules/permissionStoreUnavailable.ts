/*
 * The permission plugin (the community RBAC backend) answers DENY when it
 * cannot read its policies, e.g. while PostgreSQL is down. This module puts
 * permissionStoreGuard in front of its `/authorize` route: a DENY goes out
 * only when the plugin's own database answers, otherwise the caller gets a
 * 503 with Retry-After and may try again. See the README's operations section.
 */
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { permissionStoreGuard } from './permissionStoreGuard';
import { storeProbe } from './permissionStoreProbe';

export const permissionModuleStoreUnavailable = createBackendModule({
  pluginId: 'permission',
  moduleId: 'store-unavailable',
  register(reg) {
    reg.registerInit({
      deps: {
        http: coreServices.httpRouter,
        database: coreServices.database,
      },
      // Modules start before their plugin: this handler is registered ahead
      // of the RBAC plugin's router on the same httpRouter.
      async init({ http, database }) {
        http.use(
          permissionStoreGuard({
            storeReachable: storeProbe(() => database.getClient()),
          }),
        );
      },
    });
  },
});
