/**
 * Assembles the gateway: upstream transport -> per-request loaders -> Apollo Server -> HTTP front.
 * With no ARCHERA_API_URL, the embedded Archera simulator starts in-process on a loopback port.
 */
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Config } from '../config/index';
import { ArcheraTransport, type ArcheraTransportOptions, type UpstreamCallEvent } from '../upstream';
import type { GatewayContext } from '../resolvers/context';
import { snakeCaseFieldResolver } from '../schema/field-resolver';
import { createFormatError } from '../server/format-error';
import { apiKeyOf, createContextFactory } from '../server/context';
import { buildSchema } from '../server/schema';
import { createHttpFront, sendJson } from '../http/server';
import { createSecurity } from '../server/limits';
import { MemoryCache, RedisCache } from '../stores/key-value';
import { UpstreamCache, type UpstreamCacheEvents } from '../upstream/cache/upstream-cache';
import { persistedQueries } from '../server/persisted-queries';
import { JournalIdempotencyStore } from '../money/idempotency/journal-store';
import { RedisIdempotencyStore } from '../money/idempotency/redis-store';
import { connectRedis, type Redis } from '../stores/redis';
import type { IdempotencyStore } from '../money/idempotency/types';
import { createLogger } from '../ops/logger';
import { MoneyMovingService } from '../money/service';
import { singleMoneyMovingFieldPlugin } from '../server/plugins/single-money-moving-field';
import { GatewayMetrics } from '../ops/metrics';
import { loggingPlugin, metricsPlugin } from '../server/plugins/observability';
import { GatewayTracing } from '../ops/tracing';
import { DriftTelemetry } from '../ops/drift';
import { createDriftChecker } from '../upstream/drift';
import { HttpDrainer } from '../http/drain';
import { Readiness } from '../ops/readiness';
import { loadSandboxInitialState } from '../server/sandbox';
import { startSimulator, type StartedSimulator } from '../simulator';

/** The key the gateway uses in simulator mode when ARCHERA_API_KEY is unset. */
export const SIMULATOR_DEMO_KEY = 'demo';

export interface GatewayOptions {
  logger?: Logger;
  /** Injected upstream dispatcher (tests). */
  dispatcher?: Dispatcher;
  onUpstreamCall?: (event: UpstreamCallEvent) => void;
  /** Upstream resilience settings: breaker, retries, per-key cap, breaker state hook (tests, metrics). */
  upstream?: Pick<ArcheraTransportOptions, 'breaker' | 'retry' | 'keyLimits' | 'onBreakerStateChange'>;
  /** Idempotency store (default: Redis with REDIS_URL, else the journal file of the config). */
  idempotencyStore?: IdempotencyStore;
  /** Hooks on the shared upstream cache (metrics). */
  cacheEvents?: UpstreamCacheEvents;
  /** Host to listen on (default: all interfaces). */
  host?: string;
  /** Prometheus metrics of this gateway (default: a fresh registry with process metrics). */
  metrics?: GatewayMetrics;
  /** OpenTelemetry tracer (main.ts passes one when OTEL_* configures tracing). Unset: no tracing at all. */
  tracer?: Tracer;
  /** How long stop() lets requests in flight finish before closing their connections. Default 25 s. */
  shutdownTimeoutMs?: number;
}

export interface Gateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** Set in simulator mode. */
  simulator: StartedSimulator | undefined;
  apollo: ApolloServer<GatewayContext>;
  /** The shared Redis connection, when REDIS_URL is set (readiness checks it). */
  redis: Redis | undefined;
  metrics: GatewayMetrics;
  /** Stops accepting, lets requests in flight finish (see shutdownTimeoutMs), then closes everything. */
  stop(): Promise<void>;
}

export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let simulator: StartedSimulator | undefined;
  let serverApiKey = config.archeraApiKey;
  if (config.archeraApiUrl === undefined) {
    simulator = await startSimulator({ port: 0, host: '127.0.0.1', drift: config.simulatorDrift });
    serverApiKey ??= SIMULATOR_DEMO_KEY;
    logger.info(
      { upstream: simulator.url },
      'ARCHERA_API_URL is not set: using the embedded Archera simulator (demo data, key "demo"; no Archera account needed)',
    );
    if (config.simulatorDrift) {
      logger.warn(
        'SIMULATOR_DRIFT is on: the simulator answers with deviations from the specs (unknown enum values, upper-case providers, dropped inferred fields, extra fields, another purchase answer)',
      );
    }
  }

  const metrics = options.metrics ?? new GatewayMetrics();
  const upstreamUrl = simulator?.url ?? config.archeraApiUrl ?? '';
  const tracing = options.tracer ? new GatewayTracing(options.tracer, upstreamUrl) : undefined;
  // Compiled from openapi/ once; throws at start-up when the specs are missing or use what it cannot check.
  const drift = new DriftTelemetry(
    createDriftChecker(),
    metrics,
    logger.child({ component: 'upstream-drift' }),
  );
  const transport = new ArcheraTransport({
    baseUrl: upstreamUrl,
    timeoutMs: config.archeraTimeoutMs,
    logger,
    observeAnswer: (endpoint, body, headers) => drift.observe(endpoint, body, headers),
    onDropped: (endpoint, count) => metrics.observeDropped(endpoint, count),
    ...options.upstream,
    onBreakerStateChange: (change) => {
      metrics.setCircuitState(change.state);
      logger.warn(
        { origin: change.origin, state: change.state, previous: change.previous },
        'upstream circuit breaker changed state',
      );
      options.upstream?.onBreakerStateChange?.(change);
    },
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    onCall: (event) => {
      metrics.observeUpstreamCall(event);
      tracing?.onUpstreamCall(event);
      options.onUpstreamCall?.(event);
    },
  });

  // Shared state: in Redis when REDIS_URL is set (several replicas), else in this process (and its journal).
  const redis: Redis | undefined = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  const store =
    options.idempotencyStore ??
    (redis ? new RedisIdempotencyStore(redis) : new JournalIdempotencyStore(config.idempotencyJournal));
  const upstreamCache = new UpstreamCache({
    backend: config.responseCache ? (redis ? new RedisCache(redis) : new MemoryCache()) : undefined,
    ...metrics.upstreamCacheEvents(options.cacheEvents),
  });
  const moneyMoving = new MoneyMovingService({
    store,
    audit: logger.child({ component: 'audit' }),
    // Against a real upstream, nobody buys by accident from a Sandbox tab: purchases need an explicit opt-in.
    purchasesEnabled: simulator !== undefined || config.enablePurchases,
    // Reaching the gateway must not be enough to buy with its own key: apply and purchase need the caller's
    // key unless told otherwise (the simulator's built-in demo key moves no real money).
    serverKeyMayMoveMoney:
      config.serverKeyPurchases || (simulator !== undefined && config.archeraApiKey === undefined),
    // A duplicate on another replica waits at most as long as the first POST may take.
    leaseMs: config.archeraTimeoutMs + 5_000,
  });
  if (!moneyMoving.purchasesEnabled) {
    logger.info(
      'ARCHERA_ENABLE_PURCHASES is not true: applyCommitmentPlan and purchaseCommitmentPlan are refused (previews work)',
    );
  }

  const schema = buildSchema();
  // Resolver spans only when tracing is on: no per-field cost otherwise.
  tracing?.instrumentSchema(schema);
  const sandbox = loadSandboxInitialState();
  const security = createSecurity({ limits: config.limits, introspection: config.introspection });
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    fieldResolver: snakeCaseFieldResolver,
    formatError: createFormatError(logger, { hideSuggestions: !config.introspection }),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Abuse limits (docs/limits.md); persisted queries are kept per API key.
    ...security.apollo,
    // Shared by the replicas with REDIS_URL; scoped per API key either way.
    persistedQueries: persistedQueries(redis ? new RedisCache(redis) : undefined),
    // main.ts owns SIGTERM/SIGINT (drain, then exit 0). Apollo's own handlers would stop it mid-request and
    // re-send the signal to the process.
    stopOnTerminationSignals: false,
    logger,
    plugins: [
      // Apollo installs its CacheControl plugin by default: a hook on every field (12-19% of the CPU of a
      // simple query here) to compute hints we never use (responses are private, no-store: see http/server).
      ApolloServerPluginCacheControlDisabled(),
      metricsPlugin(metrics),
      loggingPlugin(tracing ? { traceIdOf: (ctx) => tracing.traceIdOf(ctx) } : {}),
      ...(tracing ? [tracing.plugin()] : []),
      singleMoneyMovingFieldPlugin,
      ...security.plugins,
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({
            embed: true,
            footer: false,
            includeCookies: false,
            // Sandbox opens with the example operations of examples/ and their variables.
            ...(sandbox ?? {}),
          }),
    ],
  });
  await apollo.start();

  const readiness = new Readiness({ upstreamUrl, redis });
  const http = createHttpFront({
    apollo,
    logger,
    apiKeyOf: (req) => apiKeyOf(req, serverApiKey),
    context: createContextFactory({ transport, logger, serverApiKey, moneyMoving, upstreamCache }),
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': async (_req, res) => {
        const report = await readiness.check();
        sendJson(res, report.status === 'ready' ? 200 : 503, report);
      },
      '/metrics': async (_req, res) => {
        const { contentType, body } = await metrics.expose();
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
    },
  });
  const drainer = new HttpDrainer(http);
  metrics.gauge('http_requests_in_flight', 'HTTP requests being answered.', () => drainer.inFlightCount);
  metrics.gauge('upstream_retry_budget_tokens', 'Retries the upstream retry budget allows right now.', () =>
    transport.retryBudgetAvailable(),
  );
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, options.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  let stopping: Promise<void> | undefined;

  return {
    url: `http://${options.host ?? 'localhost'}:${port}/graphql`,
    port,
    simulator,
    apollo,
    redis,
    metrics,
    stop() {
      // Idempotent: a second stop() (signal handler and test teardown, say) waits for the first.
      stopping ??= (async () => {
        // Not ready, stop accepting, let requests in flight finish, close keep-alive connections.
        readiness.markDraining();
        await drainer.drain(options.shutdownTimeoutMs ?? 25_000);
        await readiness.close();
        await apollo.stop();
        await transport.close();
        await store.close();
        redis?.disconnect();
        await simulator?.close();
      })();
      return stopping;
    },
  };
}
