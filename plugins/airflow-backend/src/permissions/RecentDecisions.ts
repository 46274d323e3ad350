import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  Permission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createHash } from 'node:crypto';

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

interface Entry {
  expiresAt: number;
  decision: Promise<PolicyDecision>;
}

/**
 * A caller's resource-less `authorizeConditional` answers on read
 * permissions, reused for a few seconds: an entity page asks the same
 * question of the permission backend on every request (and the browser
 * asks several times per page). Keyed by the caller's own token, so an
 * answer is only ever reused for the very credentials it was given to,
 * never for another user (nor another token of the same user, whose
 * ownership claims may differ). Concurrent identical questions share one
 * request; a failed request is not kept. Credentials without a token (none
 * of a user's) are always asked afresh.
 *
 * Only for reads: actions (trigger, pause) ask every time.
 */
export class RecentDecisions {
  private readonly permissions: PermissionsService;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: RecentDecisionsOptions) {
    this.permissions = options.permissions;
    this.ttlMs = options.ttlMs ?? DEFAULT_DECISION_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /** The caller's decision on `permission`, without a resource. */
  async authorizeConditional(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const key = cacheKey(permission, credentials);
    if (key === undefined || this.ttlMs <= 0) {
      return this.ask(permission, credentials);
    }
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > now) {
      return kept.decision;
    }
    const decision = this.ask(permission, credentials);
    const entry: Entry = {
      // Never past the token's own expiry.
      expiresAt: Math.min(
        now + this.ttlMs,
        credentials.expiresAt?.getTime() ?? Infinity,
      ),
      decision,
    };
    this.keep(key, entry);
    decision.catch(() => {
      if (this.entries.get(key) === entry) {
        this.entries.delete(key);
      }
    });
    return decision;
  }

  private async ask(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision;
  }

  private keep(key: string, entry: Entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size <= this.maxEntries) {
      return;
    }
    // Expired ones first; then the oldest (a Map iterates in insertion order).
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (e.expiresAt <= now) {
        this.entries.delete(k);
      }
    }
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}

/**
 * The permission and the caller's token (hashed: the key is not a
 * credential). The token is what Backstage's credentials carry for user
 * callers; without one there is no key, and no reuse.
 */
function cacheKey(
  permission: Permission,
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as { type?: unknown } | undefined;
  if (principal?.type !== 'user') {
    return undefined;
  }
  const token = (credentials as { token?: unknown }).token;
  if (typeof token !== 'string' || token.length === 0) {
    return undefined;
  }
  const hash = createHash('sha256').update(token).digest('base64url');
  return `${permission.name}:${hash}`;
}
