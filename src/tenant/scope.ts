/**
 * What the HTTP front knows about the request being answered, carried through its async work: the request
 * id (logged with masked errors and returned to the caller) and the tenant (the API key's fingerprint),
 * which scopes caches that Apollo calls without a context, such as persisted queries.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MemoryCacheBackend } from '../upstream/cache/backend';

export interface RequestScope {
  requestId: string;
  /** keyFingerprint of the request's API key; undefined when it has none. */
  tenant: string | undefined;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** The scope of the request whose work is running, if any. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's x-request-id when it is a safe token (it travels upstream, into logs and back to the
 * caller), else a new one. One that holds the API key is never used.
 */
export function requestIdOf(req: IncomingMessage, apiKey?: string): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming !== 'string' || !REQUEST_ID.test(incoming)) return randomUUID();
  if (apiKey && (incoming === apiKey || (apiKey.length >= 6 && incoming.includes(apiKey))))
    return randomUUID();
  return incoming;
}

/** Structurally Apollo's KeyValueCache<string>. */
export interface StringCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

/**
 * A cache whose keys are prefixed with the tenant of the current request: an entry written during one
 * key's request is invisible to every other key. Outside a request scope it stores and finds nothing.
 */
export class TenantScopedCache implements StringCache {
  constructor(private readonly inner: StringCache) {}

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

/** A bounded in-memory StringCache (TTL in seconds as Apollo passes it), over the upstream cache's LRU. */
export class MemoryStringCache implements StringCache {
  private readonly backend: MemoryCacheBackend;

  constructor(maxEntries = 5_000, now: () => number = Date.now) {
    this.backend = new MemoryCacheBackend(maxEntries, now);
  }

  get(key: string): Promise<string | undefined> {
    return this.backend.get(key);
  }

  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    return this.backend.set(key, value, options?.ttl ? options.ttl * 1000 : Infinity);
  }

  delete(key: string): Promise<boolean> {
    return this.backend.delete(key);
  }
}
