import type {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { OperationCaller } from '../operations/DagOperations';
import { originOf } from '../operations/originOf';

/**
 * The credentials of a registry call, if they are a user's. The actions
 * registry accepts users and services alike; this plugin's answers are
 * scoped to what one user may see and do (as its routes are, which accept
 * users only), and every write is recorded under the user who asked. A
 * service caller, which would be allowed everything by the permission
 * framework and has no user to record, is refused before anything is read.
 */
export function userCredentialsOf(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
  actionName: string,
): BackstageCredentials<BackstageUserPrincipal> {
  if (!auth.isPrincipal(credentials, 'user')) {
    throw new NotAllowedError(
      `The Airflow action ${actionName} acts for a signed-in user, with that user's permissions; ` +
        `it was called with ${
          (credentials.principal as { type: string }).type
        } credentials. ` +
        'Call it with a user token (or on behalf of a user), not a service token',
    );
  }
  return credentials;
}

/**
 * Who attempts an operation through the registry: the user, without an HTTP
 * request of theirs. The audit record's origin names the action, after the
 * plugin that called it on the user's behalf when the token proves one
 * (`plugin:mcp-actions action:trigger-airflow-dag`).
 */
export function operationCallerOf(
  auth: Pick<AuthService, 'isPrincipal'>,
  credentials: BackstageCredentials,
  actionName: string,
): OperationCaller {
  const user = userCredentialsOf(auth, credentials, actionName);
  const action = `action:${actionName}`;
  return { credentials: user, origin: originOf(user, action) ?? action };
}
