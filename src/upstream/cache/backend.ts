/**
 * Where cached upstream responses live: process memory by default, Redis when REDIS_URL is set (shared by
 * replicas). Values are JSON text; every entry has a TTL.
 */
import type { Redis } from '../../app/redis';

export interface CacheBackend {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Drops every entry whose key starts with `prefix` (invalidation after a mutation). */
  deletePrefix(prefix: string): Promise<void>;
}

/** An LRU of bounded size with per-entry expiry. */
export class MemoryCacheBackend implements CacheBackend {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Refresh recency: Map iteration order is insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
  }

  async delete(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }

  async deletePrefix(prefix: string): Promise<void> {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}

export class RedisCacheBackend implements CacheBackend {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(key, value, 'PX', ttlMs);
  }

  async deletePrefix(prefix: string): Promise<void> {
    // SCAN sees raw keys (with the connection's keyPrefix); DEL adds the prefix again, so strip it.
    const keyPrefix = (this.redis.options.keyPrefix as string | undefined) ?? '';
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${keyPrefix}${escapeGlob(prefix)}*`,
        'COUNT',
        500,
      );
      cursor = next;
      if (keys.length) await this.redis.del(...keys.map((k) => k.slice(keyPrefix.length)));
    } while (cursor !== '0');
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
