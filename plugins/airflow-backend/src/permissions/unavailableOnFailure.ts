import type { PermissionsService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';

/**
 * The permission service as the routes and actions use it: a check that could
 * not be made (the permission backend failed, e.g. because its database, or the
 * auth plugin's user info behind it, is down) is a 503 that says so, never a
 * bare 500, and never an allow. Decisions themselves pass through unchanged.
 */
export function unavailableOnFailure(
  permissions: PermissionsService,
): PermissionsService {
  const unavailable = (error: unknown) =>
    new ServiceUnavailableError(
      'The permission check could not be made right now; nothing was done, try again shortly',
      error,
    );
  return {
    authorize: (requests, options) =>
      permissions.authorize(requests, options).catch(error => {
        throw unavailable(error);
      }),
    authorizeConditional: (requests, options) =>
      permissions.authorizeConditional(requests, options).catch(error => {
        throw unavailable(error);
      }),
  };
}
