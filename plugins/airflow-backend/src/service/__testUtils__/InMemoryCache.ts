import type { CacheService } from '@backstage/backend-plugin-api';

/** A CacheService keeping JSON copies in memory, honouring TTLs. */
export class InMemoryCache implements CacheService {
  private readonly store = new Map<string, { json: string; expires: number }>();

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.store.get(key);
    if (!entry || entry.expires < Date.now()) {
      return undefined;
    }
    return JSON.parse(entry.json);
  }

  async set(key: string, value: unknown, options?: { ttl?: unknown }) {
    const ttl = typeof options?.ttl === 'number' ? options.ttl : 60_000;
    this.store.set(key, {
      json: JSON.stringify(value),
      expires: Date.now() + ttl,
    });
  }

  async delete(key: string) {
    this.store.delete(key);
  }

  withOptions(): CacheService {
    return this;
  }

  clear() {
    this.store.clear();
  }
}
