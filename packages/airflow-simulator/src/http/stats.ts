export interface StatsSnapshot {
  since: string;
  totalRequests: number;
  /** Requests by `METHOD /route/{template}`. */
  byRoute: Record<string, number>;
  faultsInjected: number;
  /** Named counters, e.g. `tokenRequests` or `triggeredRuns` by DAG. */
  counters: Record<string, Record<string, number>>;
}

export class RequestStats {
  private since = Date.now();
  private total = 0;
  private byRoute = new Map<string, number>();
  private faults = 0;
  private counters = new Map<string, Map<string, number>>();

  record(method: string, template: string): void {
    this.total++;
    const key = `${method} ${template}`;
    this.byRoute.set(key, (this.byRoute.get(key) ?? 0) + 1);
  }

  recordFault(): void {
    this.faults++;
  }

  increment(counter: string, key: string): void {
    const map = this.counters.get(counter) ?? new Map<string, number>();
    map.set(key, (map.get(key) ?? 0) + 1);
    this.counters.set(counter, map);
  }

  count(method: string, template: string): number {
    return this.byRoute.get(`${method} ${template}`) ?? 0;
  }

  reset(): void {
    this.since = Date.now();
    this.total = 0;
    this.faults = 0;
    this.byRoute.clear();
    this.counters.clear();
  }

  snapshot(): StatsSnapshot {
    return {
      since: new Date(this.since).toISOString(),
      totalRequests: this.total,
      byRoute: Object.fromEntries(
        [...this.byRoute].sort(([a], [b]) => a.localeCompare(b)),
      ),
      faultsInjected: this.faults,
      counters: Object.fromEntries(
        [...this.counters].map(([name, map]) => [
          name,
          Object.fromEntries(map),
        ]),
      ),
    };
  }
}
