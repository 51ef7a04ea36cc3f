/**
 * A shared cache of upstream GET responses, and coalescing of identical GETs in flight, across GraphQL
 * requests. Everything is scoped by the API key's fingerprint: a response fetched with one key is never
 * served to another (whatever the upstream's Cache-Control says). Errors are never cached. Mutations drop
 * the entries of their org.
 */
import { endpointNamed, type EndpointName, type UpstreamEndpoint } from '../endpoints';
import type { PrefixedKeyValueCache } from '../../stores/key-value';

/** Whether a client answer's body (an object, or a list of them) holds an object whose `field` is true. */
function holdsTrue(result: unknown, field: string | undefined): boolean {
  if (field === undefined || typeof result !== 'object' || result === null) return false;
  const body = (result as { body?: unknown }).body;
  const objects = Array.isArray(body) ? body : [body];
  return objects.some(
    (o) => typeof o === 'object' && o !== null && (o as Record<string, unknown>)[field] === true,
  );
}

export interface UpstreamCacheEvents {
  onHit?(endpoint: EndpointName): void;
  onMiss?(endpoint: EndpointName): void;
  /** An identical call was already in flight and was shared. */
  onCoalesced?(endpoint: EndpointName): void;
}

export interface UpstreamCacheOptions extends UpstreamCacheEvents {
  /** Where answers are kept (memory or Redis); undefined: no cache, coalescing only. */
  backend: PrefixedKeyValueCache | undefined;
}

export class UpstreamCache {
  /** In-flight GETs of this process, by cache key. */
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: UpstreamCacheOptions) {}

  static orgPrefix(fingerprint: string, orgId: string): string {
    return `rc:${fingerprint}:${orgId}:`;
  }

  /**
   * The response of `fetch`, from the cache when fresh, else from an identical call in flight, else from a
   * new call (then cached). `bypass` skips the cache read (the fresh answer is still stored).
   */
  get<T>(
    endpoint: EndpointName,
    fingerprint: string,
    orgId: string,
    args: readonly unknown[],
    fetch: () => Promise<T>,
    bypass = false,
  ): Promise<T> {
    // Per endpoint (endpoints.ts): plans change rarely; usage-based data changes daily.
    const def = endpointNamed(endpoint);
    const ttl = def?.cacheTtlMs;
    const key = `${UpstreamCache.orgPrefix(fingerprint, orgId)}${endpoint}:${JSON.stringify(args)}`;
    const backend = this.options.backend;
    if (backend && ttl && !bypass) return this.readThrough(endpoint, def, key, backend, fetch);
    try {
      return this.shared(endpoint, def, key, fetch, bypass);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  private async readThrough<T>(
    endpoint: EndpointName,
    def: UpstreamEndpoint | undefined,
    key: string,
    backend: PrefixedKeyValueCache,
    fetch: () => Promise<T>,
  ): Promise<T> {
    const cached = await backend.get(key).catch(() => undefined); // a cache outage is a miss, not a failure
    if (cached !== undefined) {
      this.options.onHit?.(endpoint);
      return JSON.parse(cached) as T;
    }
    this.options.onMiss?.(endpoint);
    return this.shared(endpoint, def, key, fetch, false);
  }

  /** An identical call in flight (unless `bypass`), else a new one, shared while in flight and then stored. */
  private shared<T>(
    endpoint: EndpointName,
    def: UpstreamEndpoint | undefined,
    key: string,
    fetch: () => Promise<T>,
    bypass: boolean,
  ): Promise<T> {
    if (!bypass) {
      const shared = this.inflight.get(key);
      if (shared) {
        this.options.onCoalesced?.(endpoint);
        return shared as Promise<T>;
      }
    }
    const ttl = def?.cacheTtlMs;
    const backend = this.options.backend;
    const call =
      backend && ttl
        ? fetch().then(async (result) => {
            if (!holdsTrue(result, def.uncachedWhile))
              await backend.set(key, JSON.stringify(result), { ttl: ttl / 1000 }).catch(() => undefined);
            return result;
          })
        : fetch();
    this.inflight.set(key, call);
    const clear = (): void => {
      if (this.inflight.get(key) === call) this.inflight.delete(key);
    };
    call.then(clear, clear);
    return call;
  }

  /** Drops every cached response of an org for a key (after an apply or purchase). */
  async invalidateOrg(fingerprint: string, orgId: string): Promise<void> {
    await this.options.backend
      ?.deletePrefix(UpstreamCache.orgPrefix(fingerprint, orgId))
      .catch(() => undefined);
  }
}
