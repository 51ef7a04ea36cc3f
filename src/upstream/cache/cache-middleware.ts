/**
 * The shared upstream cache as a step of the per-request client: every GET whose endpoint declares a TTL
 * goes through UpstreamCache (cache + coalescing, scoped by the API key's fingerprint and the org);
 * POSTs pass through untouched.
 */
import type { CallMiddleware } from '../client';
import { endpointNamed } from '../endpoints';
import type { UpstreamCache } from './upstream-cache';

/** `bypass` is read at every call: a request may switch to fresh reads half-way (after a purchase). */
export function cacheCalls(
  cache: UpstreamCache,
  fingerprint: string,
  options: { readonly bypass: boolean },
): CallMiddleware {
  return (call, next) => {
    if (endpointNamed(call.endpoint)?.method !== 'GET') return next(call);
    const params = call.pathParams ?? {};
    // Every endpoint's path starts with the org (or the partner's child org).
    const orgId = params.org_id ?? params.child_org_id ?? '';
    return cache.get(
      call.endpoint,
      fingerprint,
      orgId,
      [params, call.query ?? {}],
      () => next(call),
      options.bypass,
    );
  };
}
