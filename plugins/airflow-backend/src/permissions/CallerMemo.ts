import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { createHash } from 'node:crypto';

export interface CallerMemoOptions {
  /** How long an answer is reused; 0 turns reuse off. */
  ttlMs: number;
  /** Callers × keys kept at most; the oldest entries go first. */
  maxEntries: number;
  /**
   * After this long, a kept answer is still given but loaded again in the
   * background, once, so that a busy key never waits for a reload. Off by
   * default: a key per caller would multiply the loads by the callers (the
   * permission backend's load, for decisions). An answer is never given
   * past its TTL either way.
   */
  refreshAfterMs?: number;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

interface Entry<T> {
  expiresAt: number;
  refreshAt: number;
  /** Loaded (a load still running is joined, never started again). */
  settled?: boolean;
  refreshing?: boolean;
  value: Promise<T>;
}

/** Token hashes of the credentials objects seen: httpAuth gives one object per request. */
const tokenHashes = new WeakMap<object, string>();

/**
 * Promises of answers kept by key for a while: concurrent identical
 * questions share one load, and a failed load is not kept. At most
 * `maxEntries` are kept; the oldest go first.
 *
 * The values are shared by everyone asking: they must not be changed.
 */
export class KeptPromises<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly now: () => number;

  constructor(private readonly options: CallerMemoOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The answer to `key` while fresh, or `load`'s, kept until `keepUntil` at the latest. */
  get(key: string, load: () => Promise<T>, keepUntil = Infinity): Promise<T> {
    if (this.options.ttlMs <= 0) {
      return load();
    }
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && kept.expiresAt > now) {
      if (now >= kept.refreshAt && kept.settled && !kept.refreshing) {
        this.refresh(key, kept, load, keepUntil);
      }
      return kept.value;
    }
    const value = load();
    const entry = this.entry(value, now, keepUntil);
    this.keep(key, entry);
    value.then(
      () => {
        entry.settled = true;
      },
      () => {
        if (this.entries.get(key) === entry) {
          this.entries.delete(key);
        }
      },
    );
    return value;
  }

  /** Loads `key` again while `kept` is still given; replaces it once loaded. */
  private refresh(
    key: string,
    kept: Entry<T>,
    load: () => Promise<T>,
    keepUntil: number,
  ) {
    kept.refreshing = true;
    // Fresh as of when the load started: the TTL counts from then.
    const startedAt = this.now();
    const value = load();
    value.then(
      () => {
        if (this.entries.get(key) === kept) {
          const entry = this.entry(value, startedAt, keepUntil);
          entry.settled = true;
          this.keep(key, entry);
        }
      },
      // The kept answer stays until its TTL; the next ask after it loads again.
      () => undefined,
    );
  }

  private entry(
    value: Promise<T>,
    loadedAt: number,
    keepUntil: number,
  ): Entry<T> {
    const { ttlMs, refreshAfterMs = Infinity } = this.options;
    return {
      expiresAt: Math.min(loadedAt + ttlMs, keepUntil),
      refreshAt: loadedAt + refreshAfterMs,
      value,
    };
  }

  /** Whether an answer to `key` is kept and fresh. */
  has(key: string): boolean {
    const kept = this.entries.get(key);
    return !!kept && kept.expiresAt > this.now();
  }

  get size(): number {
    return this.entries.size;
  }

  private keep(key: string, entry: Entry<T>) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // A Map iterates in insertion order: the oldest first, which with one
    // TTL for all are also the first to expire.
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}

/**
 * Answers worked out for one caller, reused for a few seconds: an entity
 * page sends several requests at once, and each would otherwise ask the
 * permission backend the same questions again.
 *
 * Keyed by a hash of the caller's own token (the key is not a credential),
 * so an answer is only ever reused for the very credentials it was given
 * to: never for another user, nor for another token of the same user, whose
 * ownership claims may differ. An entry never outlives the token. Callers
 * without a user token are always answered afresh.
 */
export class CallerMemo<T> {
  private readonly kept: KeptPromises<T>;

  constructor(options: CallerMemoOptions) {
    this.kept = new KeptPromises(options);
  }

  /** The caller's answer to `key`, reused while fresh, or `load`'s. */
  get(
    credentials: BackstageCredentials,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const caller = callerKey(credentials);
    if (caller === undefined) {
      return load();
    }
    return this.kept.get(
      `${caller}:${key}`,
      load,
      credentials.expiresAt?.getTime(),
    );
  }

  /** Whether the caller's answer to `key` is kept and fresh (never for a caller without a token). */
  has(credentials: BackstageCredentials, key: string): boolean {
    const caller = callerKey(credentials);
    return caller !== undefined && this.kept.has(`${caller}:${key}`);
  }

  /** Whether answers for this caller are kept at all. */
  keepsFor(credentials: BackstageCredentials): boolean {
    return callerKey(credentials) !== undefined;
  }

  get size(): number {
    return this.kept.size;
  }
}

/**
 * The caller's token, hashed; undefined for anything but a user with a
 * token (the token is what Backstage's credentials carry for users).
 */
export function callerKey(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as { type?: unknown } | undefined;
  if (principal?.type !== 'user') {
    return undefined;
  }
  const known = tokenHashes.get(credentials);
  if (known !== undefined) {
    return known;
  }
  const token = (credentials as { token?: unknown }).token;
  if (typeof token !== 'string' || token.length === 0) {
    return undefined;
  }
  const hash = createHash('sha256').update(token).digest('base64url');
  tokenHashes.set(credentials, hash);
  return hash;
}
