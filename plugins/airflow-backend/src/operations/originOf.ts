import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';

/**
 * The request header in which a plugin acting on a user's behalf names what
 * it acts for, e.g. `task:<scaffolder task id>`. It is the caller's word;
 * the plugin itself is not: it comes from the token.
 */
export const ORIGIN_REF_HEADER = 'x-airflow-origin-ref';

/** What a reference may look like: an id, not free text for the audit view. */
const ORIGIN_REF = /^[A-Za-z0-9][A-Za-z0-9:._/-]{0,199}$/;

/**
 * Where an operation came from, for its audit record: undefined for a user's
 * own call (the UI, a user token), else the acting plugin that the
 * on-behalf-of token proves (`principal.actor`, e.g. `plugin:scaffolder`)
 * followed by the reference it sent, if that reference is well formed. A
 * reference without an acting plugin is ignored: a browser could send any.
 */
export function originOf(
  credentials: BackstageCredentials<BackstageUserPrincipal>,
  headerValue: string | string[] | undefined,
): string | undefined {
  const actor = credentials.principal.actor?.subject;
  if (!actor) return undefined;
  const ref = typeof headerValue === 'string' ? headerValue.trim() : undefined;
  return ref && ORIGIN_REF.test(ref) ? `${actor} ${ref}` : actor;
}
