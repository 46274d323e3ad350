import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { KeptPromises } from './CallerMemo';
import { catalogEntityRuleset } from './catalogEntityRules';
import { decideInProcess } from './decideInProcess';
import type { RecentDecisions } from './RecentDecisions';

/** An entity as read, and for a group what may be its (read in the same query). */
export interface EntityAndOwned {
  entity?: Entity;
  ownedCandidates?: Entity[];
}

/** Reads an entity (and for a group what may be its) from the catalog with `credentials`. */
export type CatalogEntityRead = (
  ref: CompoundEntityRef,
  credentials: BackstageCredentials,
) => Promise<EntityAndOwned>;

/** How long an entity read for every caller is reused: a catalog change is seen within this. */
const DEFAULT_TTL_MS = 5_000;
/** Entities (a group with what it may own counts once) kept at most. */
const DEFAULT_MAX_ENTRIES = 1_000;

export interface SharedEntityReadsOptions {
  /** The catalog read (service/entityBindings' readEntityAndOwned). */
  readEntity: CatalogEntityRead;
  /** The plugin's own credentials read the shared copy. */
  auth: AuthService;
  /** The caller's `catalog.entity.read` decision, reused for a few seconds. */
  recentDecisions: RecentDecisions;
  ttlMs?: number;
  maxEntries?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

/**
 * The entity a request is under, as the caller may read it, without asking
 * the catalog on every request. The entity (for a group, with what may be
 * its) is read once with the plugin's own credentials and kept a few
 * seconds for every caller; each caller sees it only through their own
 * `catalog.entity.read` decision, applied here with the catalog's rules as
 * the catalog applies them to its query.
 *
 * When the decision names a rule not reproduced here (see
 * catalogEntityRules.ts), the entity is read with the caller's credentials
 * instead, so the catalog applies it, as before. So no caller ever sees an
 * entity, nor an owned entity of a group, that the catalog would not show
 * them; what changes is only that a catalog edit shows here up to the TTL
 * later (the DAG lists behind it are kept longer than that anyway).
 */
export class SharedEntityReads {
  private readonly kept: KeptPromises<EntityAndOwned>;

  constructor(private readonly options: SharedEntityReadsOptions) {
    const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.kept = new KeptPromises({
      ttlMs,
      // One load per entity for everyone: read again ahead of time, so that
      // no request waits for the catalog while the entity is being viewed.
      refreshAfterMs: ttlMs / 2,
      maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
      now: options.now,
    });
  }

  async read(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityAndOwned> {
    const { readEntity, recentDecisions } = this.options;
    const decision = await recentDecisions.authorizeConditional(
      catalogEntityReadPermission,
      credentials,
    );
    if (decision.result === AuthorizeResult.DENY) {
      // What the catalog answers a caller who may read no entity.
      return {};
    }
    const visible = decideInProcess(decision, rulesetFor(decision));
    const shared = await this.shared(ref);
    if (!shared.entity) {
      return {};
    }
    const decided = [shared.entity, ...(shared.ownedCandidates ?? [])].map(
      visible,
    );
    if (decided.some(result => result === undefined)) {
      return readEntity(ref, credentials);
    }
    if (!decided[0]) {
      return {};
    }
    return shared.ownedCandidates
      ? {
          entity: shared.entity,
          ownedCandidates: shared.ownedCandidates.filter(
            (_, i) => decided[i + 1],
          ),
        }
      : { entity: shared.entity };
  }

  /** The entity as the plugin reads it, kept for every caller. */
  private shared(ref: CompoundEntityRef): Promise<EntityAndOwned> {
    const key = stringifyEntityRef(ref).toLocaleLowerCase('en-US');
    return this.kept.get(key, async () => {
      const { auth, readEntity } = this.options;
      const read = await readEntity(ref, await auth.getOwnServiceCredentials());
      return deepFreeze(read);
    });
  }
}

/** The catalog's rules for its own conditional decisions; nothing for any other. */
function rulesetFor(decision: PolicyDecision) {
  return decision.result === AuthorizeResult.CONDITIONAL &&
    decision.pluginId === 'catalog' &&
    decision.resourceType === catalogEntityReadPermission.resourceType
    ? catalogEntityRuleset
    : undefined;
}

/** Shared between callers: a change by one request would show in another's. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) {
      deepFreeze(child);
    }
  }
  return value;
}
