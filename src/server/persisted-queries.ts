/**
 * Automatic persisted queries in Redis, so a query registered on one replica is known to all replicas (the
 * security module scopes the entries per API key on top of this). A Redis failure is a cache miss: the
 * client then sends the full query, as the APQ protocol expects.
 */
import type { Redis } from '../app/redis';

/** Structurally Apollo's KeyValueCache<string>. */
export interface PersistedQueryCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

export const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

export class RedisPersistedQueryCache implements PersistedQueryCache {
  constructor(private readonly redis: Redis) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(`apq:${key}`).catch(() => null)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl ?? PERSISTED_QUERY_TTL_SECONDS;
    await this.redis.set(`apq:${key}`, value, 'EX', Math.max(1, Math.round(ttl))).catch(() => undefined);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(`apq:${key}`).catch(() => 0)) > 0;
  }
}
