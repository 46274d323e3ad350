import type { HttpRouterService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError, serializeError } from '@backstage/errors';

type Handler = Parameters<HttpRouterService['use']>[0];

/** How long the client is told to wait before it asks again. */
export const PERMISSION_STORE_RETRY_AFTER_SECONDS = 5;

export interface PermissionStoreGuardOptions {
  /**
   * Resolves true when the policy store answers, false (or rejects) when it
   * cannot be read. Asked only for answers that contain a DENY.
   */
  storeReachable: () => Promise<boolean>;
}

interface AuthorizeAnswer {
  items?: Array<{ result?: string }>;
}

function containsDeny(body: unknown): boolean {
  const items = (body as AuthorizeAnswer | undefined)?.items;
  return Array.isArray(items) && items.some(item => item?.result === 'DENY');
}

/**
 * Sits in front of the permission plugin's `POST /authorize`. The community
 * RBAC policy reads its roles and policies from its database on every
 * decision and answers DENY whenever that read fails, so while the database
 * is down a caller cannot tell "not allowed" from "could not be decided".
 * An answer holding a DENY is therefore sent only once the policy store is
 * confirmed reachable; otherwise the whole answer becomes a 503 with
 * `Retry-After` (the callers' permission clients throw on it). ALLOW and
 * CONDITIONAL answers pass untouched, and a DENY is never turned into
 * anything but a refusal to answer: nothing is ever allowed by this guard.
 */
export function permissionStoreGuard(
  options: PermissionStoreGuardOptions,
): Handler {
  return (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/authorize') {
      next();
      return;
    }
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      if (res.statusCode !== 200 || !containsDeny(body)) {
        return send(body);
      }
      options
        .storeReachable()
        .catch(() => false)
        .then(reachable => {
          if (reachable) {
            send(body);
            return;
          }
          const error = new ServiceUnavailableError(
            'The permission policy store cannot be read right now, so no decision was made; try again shortly',
          );
          res.status(503);
          res.setHeader(
            'Retry-After',
            String(PERMISSION_STORE_RETRY_AFTER_SECONDS),
          );
          send({
            error: serializeError(error),
            request: { method: req.method, url: req.originalUrl },
            response: { statusCode: 503 },
          });
        });
      return res;
    };
    next();
  };
}
