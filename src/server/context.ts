import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ArcheraClient, type ArcheraTransport, type CallMiddleware } from '../upstream';
import { cacheCalls } from '../upstream/cache/cache-middleware';
import type { UpstreamCache } from '../upstream/cache/upstream-cache';
import { ConcurrencyLimiter, limitCalls } from '../upstream/limiter';
import { keyFingerprint } from '../tenant/fingerprint';
import { createLoaders, type Loaders } from '../loaders';
import type { MoneyMovingService } from '../money/service';
import { MutationRunner } from '../money/runner';
import type { RequestScope } from '../tenant/scope';
import type { GatewayContext, LivePlans } from '../resolvers/context';
import type { CostCheck } from './plugins/cost';

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

/**
 * The context of one GraphQL request. What a request may not need is made on first use: the upstream client
 * (with its middleware and concurrency cap) and each family of loaders when a resolver first reads one, the
 * mutation runner, the request's child logger. Apollo copies the context object once before running the
 * operation (own fields only), so the lazy parts live on the prototype and in `loaders`, which the copy
 * shares.
 */
export class RequestContext implements GatewayContext {
  readonly loaders: Loaders;
  /** performance.now() when the context was made: the start of the request's metrics and log line. */
  readonly startedAt = performance.now();
  /** The operation's cost and the budget's decision, once the request plugin checked them. */
  costCheck: CostCheck | undefined = undefined;
  /** Subscriptions only (WebSocket): the plans as they change. */
  live: LivePlans | undefined = undefined;
  /** What is made on first use; one object, so Apollo's copy of the context shares it. */
  private readonly made: { client?: ArcheraClient; runner?: MutationRunner; logger?: Logger } = {};

  constructor(
    private readonly deps: ContextDeps,
    readonly requestId: string,
    /** The API key's fingerprint: scopes the shared cache and the budget. */
    readonly tenant: string,
    private readonly apiKey: string,
    private readonly keySource: 'caller' | 'server',
    /** Read for every call: after an apply or purchase, the rest of the request reads fresh. */
    private readonly cacheMode: { bypass: boolean },
  ) {
    this.loaders = createLoaders(() => this.upstream());
  }

  get mutations(): MutationRunner {
    return (this.made.runner ??= new MutationRunner({
      service: this.deps.moneyMoving,
      client: this.upstream(),
      loaders: this.loaders,
      apiKey: this.apiKey,
      keySource: this.keySource,
      requestId: this.requestId,
      onPlansChanged: async (orgId: string) => {
        this.cacheMode.bypass = true;
        await this.deps.upstreamCache?.invalidateOrg(this.tenant, orgId);
      },
    }));
  }

  get logger(): Logger {
    return (this.made.logger ??= this.deps.logger.child({ requestId: this.requestId }));
  }

  /** The request's upstream client (subscriptions poll through it; resolvers use the loaders). */
  get client(): ArcheraClient {
    return this.upstream();
  }

  /** The request's upstream client: shared cache first (a hit takes no slot), then the cap on calls in flight. */
  private upstream(): ArcheraClient {
    if (this.made.client) return this.made.client;
    const cache = this.deps.upstreamCache;
    const middleware: CallMiddleware[] = [
      ...(cache ? [cacheCalls(cache, this.tenant, this.cacheMode)] : []),
      limitCalls(new ConcurrencyLimiter({ maxInFlight: MAX_UPSTREAM_CALLS_IN_FLIGHT_PER_REQUEST })),
    ];
    return (this.made.client = new ArcheraClient(this.deps.transport, {
      apiKey: this.apiKey,
      keyFingerprint: this.tenant,
      requestId: this.requestId,
      middleware,
    }));
  }
}

/** Who a request (or a subscription) is, as far as building its context goes. */
export interface RequestIdentity {
  apiKey: string;
  /** The key's fingerprint, when the caller already has it. */
  tenant?: string;
  keySource: 'caller' | 'server';
  requestId: string;
  /** Read fresh: skip the shared cache (Cache-Control: no-cache). */
  bypassCache: boolean;
}

/** The context of a request made outside Apollo (a subscription over WebSocket, or one of its events). */
export function requestContext(deps: ContextDeps, who: RequestIdentity): RequestContext {
  return new RequestContext(
    deps,
    who.requestId,
    who.tenant ?? keyFingerprint(who.apiKey),
    who.apiKey,
    who.keySource,
    { bypass: who.bypassCache },
  );
}

/** Refused before any upstream call. */
export function missingApiKey(): GraphQLError {
  return new GraphQLError('Missing API key: send your Archera key in the x-api-key header.', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/**
 * Builds a request's context from the request and the scope the HTTP front worked out for it: the request id
 * (answered as x-request-id; the same id goes upstream and into logs) and the key's fingerprint.
 */
export function createContextFactory(
  deps: ContextDeps,
): (req: IncomingMessage, scope: RequestScope) => Promise<RequestContext> {
  return async (req, scope) => {
    const callerKey = callerKeyOf(req);
    const apiKey = callerKey ?? deps.serverApiKey;
    if (apiKey === undefined) throw missingApiKey();
    return new RequestContext(
      deps,
      scope.requestId,
      // Undefined only from a front given no apiKeyOf.
      scope.tenant ?? keyFingerprint(apiKey),
      apiKey,
      callerKey === undefined ? 'server' : 'caller',
      { bypass: bypassesCache(req) },
    );
  };
}
