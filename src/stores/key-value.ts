/**
 * The one cache interface of the gateway: Apollo's KeyValueCache (string values, TTL in seconds), in process
 * memory (Apollo's InMemoryLRUCache, bounded by size) or in Redis (shared by replicas), plus what the
 * upstream cache needs beyond it: dropping every entry under a prefix (an org's reads after a purchase).
 * The shared upstream cache and the persisted queries both use it.
 */
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { GuardedRedis, RedisUse } from './guarded-redis';

export type { KeyValueCache } from '@apollo/utils.keyvaluecache';

export interface PrefixedKeyValueCache extends KeyValueCache<string> {
  /** Drops every entry whose key starts with `prefix`. */
  deletePrefix(prefix: string): Promise<void>;
}

/** An LRU in this process, bounded by the size of its values (default 30 MiB, Apollo's default). */
export class MemoryCache extends InMemoryLRUCache<string> implements PrefixedKeyValueCache {
  async deletePrefix(prefix: string): Promise<void> {
    for (const key of this.keys()) if (key.startsWith(prefix)) await this.delete(key);
  }
}

/**
 * Entries in Redis (under the connection's key prefix), shared by every replica. Every call has the short
 * deadline of its use (GuardedRedis) and fails with RedisUnavailableError past it or while Redis is
 * unavailable: callers treat that as a miss. Dropping a prefix (after a purchase) may take longer: it gets
 * the idempotency deadline.
 */
export class RedisCache implements PrefixedKeyValueCache {
  constructor(
    private readonly redis: GuardedRedis,
    private readonly use: RedisUse = 'cache',
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.run(this.use, (c) => c.get(key))) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl;
    await this.redis.run(this.use, (c) =>
      ttl ? c.set(key, value, 'PX', Math.max(1, Math.round(ttl * 1000))) : c.set(key, value),
    );
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.run(this.use, (c) => c.del(key))) > 0;
  }

  async deletePrefix(prefix: string): Promise<void> {
    await this.redis.run(
      this.use,
      async (c) => {
        // SCAN sees raw keys (with the connection's keyPrefix); DEL adds the prefix again, so strip it.
        const keyPrefix = (c.options.keyPrefix as string | undefined) ?? '';
        let cursor = '0';
        do {
          const [next, keys] = await c.scan(
            cursor,
            'MATCH',
            `${keyPrefix}${escapeGlob(prefix)}*`,
            'COUNT',
            500,
          );
          cursor = next;
          if (keys.length) await c.del(...keys.map((k) => k.slice(keyPrefix.length)));
        } while (cursor !== '0');
      },
      this.redis.deadline('idempotency'),
    );
  }
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
