/**
 * Automatic persisted queries (APQ), kept per API key: an entry written during one key's request is
 * invisible to every other key. In Redis with REDIS_URL (a query registered on one replica is known to all),
 * else in this process. A store failure is a miss: the client then sends the full query, as APQ expects.
 * The shared store answers within a short deadline or not at all (see stores/guarded-redis.ts), and its
 * failures are counted and logged there, once per state change: here they are quiet misses.
 */
import { PrefixingKeyValueCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import { MemoryCache } from '../stores/key-value';
import { currentScope } from '../tenant/scope';

/** How long a registered query is kept. */
export const PERSISTED_QUERY_TTL_SECONDS = 24 * 60 * 60;

/**
 * A cache whose keys are prefixed with the tenant of the current request (the request scope of the HTTP
 * front). Outside a request scope it stores and finds nothing.
 */
class TenantScopedCache implements KeyValueCache<string> {
  constructor(private readonly inner: KeyValueCache<string>) {}

  private scoped(key: string): string | undefined {
    const tenant = currentScope()?.tenant;
    return tenant === undefined ? undefined : `t:${tenant}:${key}`;
  }

  async get(key: string): Promise<string | undefined> {
    const scoped = this.scoped(key);
    return scoped === undefined ? undefined : this.inner.get(scoped);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const scoped = this.scoped(key);
    if (scoped !== undefined) await this.inner.set(scoped, value, options);
  }

  async delete(key: string): Promise<boolean | void> {
    const scoped = this.scoped(key);
    return scoped === undefined ? false : this.inner.delete(scoped);
  }
}

/**
 * A store whose failures are misses (get), or dropped (set, delete): a query that could not be registered is
 * sent in full again by the client. Apollo would log every failed registration; Redis' state is logged once
 * per change instead.
 */
class FailuresAreMissesCache implements KeyValueCache<string> {
  constructor(private readonly inner: KeyValueCache<string>) {}

  async get(key: string): Promise<string | undefined> {
    return this.inner.get(key).catch(() => undefined);
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    await this.inner.set(key, value, options).catch(() => undefined);
  }

  async delete(key: string): Promise<boolean | void> {
    return this.inner.delete(key).catch(() => false);
  }
}

/** Apollo's `persistedQueries` option over `shared` (Redis), else over memory of this process. */
export function persistedQueries(shared: KeyValueCache<string> | undefined): {
  cache: KeyValueCache<string>;
  ttl: number;
} {
  const store = shared
    ? new FailuresAreMissesCache(new PrefixingKeyValueCache(shared, 'apq:'))
    : new MemoryCache();
  return { cache: new TenantScopedCache(store), ttl: PERSISTED_QUERY_TTL_SECONDS };
}
