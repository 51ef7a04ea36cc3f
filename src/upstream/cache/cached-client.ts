/**
 * The per-request ArcheraClient seen through the shared upstream cache: every GET method goes through
 * UpstreamCache (cache + coalescing, scoped by key fingerprint); POSTs pass through untouched.
 */
import type { ArcheraClient } from '..';
import { UPSTREAM_ENDPOINTS, type EndpointName } from '../endpoints';
import type { UpstreamCache } from './upstream-cache';

const GET_METHODS: ReadonlySet<string> = new Set(
  UPSTREAM_ENDPOINTS.filter((e) => e.method === 'GET').map((e) => e.name),
);

export function cachedClient(
  client: ArcheraClient,
  cache: UpstreamCache,
  fingerprint: string,
  options: { bypass: boolean },
): ArcheraClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || typeof prop !== 'string' || !GET_METHODS.has(prop)) return value;
      // Every client method takes the org (or child org) id first.
      return (...args: unknown[]) =>
        cache.get(
          prop as EndpointName,
          fingerprint,
          String(args[0]),
          args,
          () => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args),
          options.bypass,
        );
    },
  });
}
