import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ArcheraClient, type ArcheraTransport, type CallMiddleware } from '../upstream';
import { cacheCalls } from '../upstream/cache/cache-middleware';
import type { UpstreamCache } from '../upstream/cache/upstream-cache';
import { ConcurrencyLimiter, limitCalls } from '../upstream/limiter';
import { keyFingerprint } from '../tenant/fingerprint';
import { createLoaders } from '../loaders';
import type { MoneyMovingService } from '../money/service';
import { MutationRunner } from '../money/runner';
import { currentScope, requestIdOf } from '../tenant/scope';
import type { GatewayContext } from '../resolvers/context';

/** Upstream calls one GraphQL request may have in flight at once (bounded fan-out, e.g. `orgs(ids:)`). */
export const MAX_UPSTREAM_CALLS_IN_FLIGHT_PER_REQUEST = 16;

export interface ContextDeps {
  transport: ArcheraTransport;
  logger: Logger;
  /** Used only for requests that carry no x-api-key. */
  serverApiKey: string | undefined;
  moneyMoving: MoneyMovingService;
  /** Shared cache and coalescing of upstream GETs across requests, scoped by key. */
  upstreamCache?: UpstreamCache;
}

/** `Cache-Control: no-cache` on the GraphQL request reads fresh upstream data (and refreshes the cache). */
function bypassesCache(req: IncomingMessage): boolean {
  const header = req.headers['cache-control'];
  return typeof header === 'string' && /\bno-cache\b|\bno-store\b/i.test(header);
}

/** The key the request carries in x-api-key (forwarded unchanged), if any. */
export function callerKeyOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  return key !== undefined && key !== '' ? key : undefined;
}

/** The caller's key, else the server's. */
export function apiKeyOf(req: IncomingMessage, serverApiKey: string | undefined): string | undefined {
  return callerKeyOf(req) ?? serverApiKey;
}

/** Who a request (or a subscription) is, as far as building its context goes. */
export interface RequestIdentity {
  apiKey: string;
  keySource: 'caller' | 'server';
  requestId: string;
  /** Read fresh: skip the shared cache (Cache-Control: no-cache). */
  bypassCache: boolean;
}

/**
 * The context of one request: its client (the shared cache first, a hit takes no slot; then the request's
 * cap on calls in flight), its loaders, its money-moving runner and its logger.
 */
export function requestContext(
  deps: ContextDeps,
  who: RequestIdentity,
): GatewayContext & { client: ArcheraClient } {
  const { apiKey, requestId } = who;
  const cache = deps.upstreamCache;
  const fingerprint = keyFingerprint(apiKey);
  // Read for every call: after an apply or purchase, the rest of the request reads fresh.
  const cacheMode = { bypass: who.bypassCache };
  const middleware: CallMiddleware[] = [
    ...(cache ? [cacheCalls(cache, fingerprint, cacheMode)] : []),
    limitCalls(new ConcurrencyLimiter({ maxInFlight: MAX_UPSTREAM_CALLS_IN_FLIGHT_PER_REQUEST })),
  ];
  const client = new ArcheraClient(deps.transport, { apiKey, requestId, middleware });
  const loaders = createLoaders(client);
  return {
    requestId,
    client,
    loaders,
    mutations: new MutationRunner({
      service: deps.moneyMoving,
      client,
      loaders,
      apiKey,
      keySource: who.keySource,
      requestId,
      onPlansChanged: async (orgId: string) => {
        cacheMode.bypass = true;
        await cache?.invalidateOrg(fingerprint, orgId);
      },
    }),
    logger: deps.logger.child({ requestId }),
  };
}

/** Refused before any upstream call. */
export function missingApiKey(): GraphQLError {
  return new GraphQLError('Missing API key: send your Archera key in the x-api-key header.', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

export function createContextFactory(deps: ContextDeps): (req: IncomingMessage) => Promise<GatewayContext> {
  return async (req) => {
    const callerKey = callerKeyOf(req);
    const apiKey = callerKey ?? deps.serverApiKey;
    if (apiKey === undefined) throw missingApiKey();
    // The HTTP front chose it (and answers it as x-request-id); the same id goes upstream and into logs.
    const requestId = currentScope()?.requestId ?? requestIdOf(req);
    return requestContext(deps, {
      apiKey,
      keySource: callerKey === undefined ? 'server' : 'caller',
      requestId,
      bypassCache: bypassesCache(req),
    });
  };
}
