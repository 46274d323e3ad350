/**
 * Values this process already has in parsed form, kept in memory for their
 * TTL, the most recently used `maxEntries` at most. In front of the cache
 * service for the reads every entity page repeats (DAG lists, latest-runs
 * batches): reading them from the cache service deserialises the same JSON
 * on every request, a large share of a request's CPU.
 *
 * Keys carry the environment's cache generation (./CacheGenerations.ts), so
 * an action (`dagChanged`) makes the kept value unreachable at once, here as
 * in the shared cache. Without an action, a value read from a shared cache
 * may be kept here up to one more TTL than the shared entry lives: the same
 * bound on staleness as the TTL itself, once more.
 *
 * The values are shared between callers: they must not be changed (the
 * arrays are frozen to make a mistake loud).
 */
export class RecentValues {
  private readonly entries = new Map<
    string,
    { value: unknown; expiresAt: number }
  >();

  constructor(
    private readonly maxEntries: number,
    /** Milliseconds since the epoch; injected by tests. */
    private readonly now: () => number = Date.now,
  ) {}

  get<T>(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    // Re-inserted: a Map iterates in insertion order, least recently used first.
    this.entries.set(key, entry);
    return entry.value as T;
  }

  set(key: string, value: unknown, ttlMs: number): void {
    if (ttlMs <= 0) return;
    if (Array.isArray(value)) Object.freeze(value);
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  /** The kept value, or `load`'s, kept for `ttlSeconds`. */
  async through<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const kept = this.get<T>(key);
    if (kept !== undefined) return kept;
    const value = await load();
    this.set(key, value, ttlSeconds * 1000);
    return value;
  }

  /** Forgets every kept value. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
