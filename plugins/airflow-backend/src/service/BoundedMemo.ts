/**
 * Results of a pure computation by key, the most recently used `maxEntries`
 * kept. For work that depends only on configuration or catalog bindings,
 * never on the caller, repeated by every request (e.g. the DAG id pattern of
 * a binding).
 */
export class BoundedMemo<V> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly compute: (key: string) => V,
    private readonly maxEntries: number,
  ) {}

  get(key: string): V {
    if (this.entries.has(key)) {
      const value = this.entries.get(key) as V;
      // Re-inserted: a Map iterates in insertion order, oldest first.
      this.entries.delete(key);
      this.entries.set(key, value);
      return value;
    }
    const value = this.compute(key);
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return value;
  }
}
