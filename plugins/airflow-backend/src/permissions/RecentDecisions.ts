import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  BasicPermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { CallerMemo } from './CallerMemo';

/** How long a caller's decision is reused: a policy change is seen within this. */
export const DEFAULT_DECISION_TTL_MS = 5_000;
/** Callers × permissions kept at most; the oldest entries go first. */
const DEFAULT_MAX_ENTRIES = 10_000;

export interface RecentDecisionsOptions {
  permissions: PermissionsService;
  ttlMs?: number;
  maxEntries?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

/**
 * A caller's resource-less answers on read permissions (`authorize` of a
 * basic permission, `authorizeConditional` of a resource one), reused for a
 * few seconds: an entity page asks the same question of the permission
 * backend on every request (and the browser asks several times per page).
 * Keyed by the caller's own token, so an answer is only ever reused for the
 * very credentials it was given to (see CallerMemo).
 *
 * Only for reads: actions (trigger, pause) ask every time.
 */
export class RecentDecisions {
  private readonly permissions: PermissionsService;
  private readonly memo: CallerMemo<PolicyDecision>;

  constructor(options: RecentDecisionsOptions) {
    this.permissions = options.permissions;
    this.memo = new CallerMemo({
      ttlMs: options.ttlMs ?? DEFAULT_DECISION_TTL_MS,
      maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      now: options.now,
    });
  }

  /**
   * The caller's decision on `permission`, without a resource. When it is
   * not kept, those of `alongWith` that are not kept either are asked in
   * the same request and kept: the read permissions the request will ask
   * next, so that a caller's first request costs one round trip, not one
   * per permission.
   */
  authorizeConditional(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
    alongWith: ResourcePermission[] = [],
  ): Promise<PolicyDecision> {
    const more =
      this.memo.keepsFor(credentials) &&
      !this.memo.has(credentials, permission.name)
        ? alongWith.filter(
            other =>
              other.name !== permission.name &&
              !this.memo.has(credentials, other.name),
          )
        : [];
    if (more.length === 0) {
      return this.memo.get(credentials, permission.name, async () => {
        const [decision] = await this.permissions.authorizeConditional(
          [{ permission }],
          { credentials },
        );
        return decision;
      });
    }
    const asked = [permission, ...more];
    const batch = this.permissions.authorizeConditional(
      asked.map(p => ({ permission: p })),
      { credentials },
    );
    for (const [i, other] of more.entries()) {
      this.memo
        .get(credentials, other.name, () => batch.then(d => d[i + 1]))
        // The one asked for reports the failure.
        .catch(() => undefined);
    }
    return this.memo.get(credentials, permission.name, () =>
      batch.then(d => d[0]),
    );
  }

  /** The caller's decision on a basic `permission`. */
  authorizeBasic(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    return this.memo.get(credentials, `basic:${permission.name}`, async () => {
      const [decision] = await this.permissions.authorize([{ permission }], {
        credentials,
      });
      return decision;
    });
  }
}
