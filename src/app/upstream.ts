/**
 * Everything that speaks to Archera: which upstream (the configured URL, or the embedded simulator when
 * ARCHERA_API_URL is unset), the transport with its telemetry (metrics, drift, upstream spans) and the
 * shared cache of upstream GETs.
 *
 * Why a factory of its own: the upstream is chosen once here and everything else only sees its URL and
 * transport. The transport is closed after Apollo (no resolver can call it any more); the simulator is
 * handed back separately because the gateway closes it last, after the stores.
 */
import type { Tracer } from '@opentelemetry/api';
import type { Config } from '../config/index';
import { DriftTelemetry } from '../ops/drift';
import { GatewayTracing } from '../ops/tracing';
import { startSimulator, type StartedSimulator } from '../simulator';
import { ArcheraTransport, type ArcheraTransportOptions, type UpstreamCallEvent } from '../upstream';
import { UpstreamCache } from '../upstream/cache/upstream-cache';
import { createDriftChecker } from '../upstream/drift';
import type { Infrastructure } from './infrastructure';

/** The key the gateway uses in simulator mode when ARCHERA_API_KEY is unset. */
export const SIMULATOR_DEMO_KEY = 'demo';

/** Seams of the transport: resilience settings, an injected dispatcher, a hook on every call (tests). */
export interface UpstreamOptions extends Pick<
  ArcheraTransportOptions,
  'breaker' | 'retry' | 'keyLimits' | 'onBreakerStateChange' | 'dispatcher'
> {
  /** Sees every upstream attempt, after metrics and tracing did. */
  onCall?: (event: UpstreamCallEvent) => void;
}

export interface Upstream {
  transport: ArcheraTransport;
  /** Cache and coalescing of upstream GETs across requests (scoped per API key). */
  upstreamCache: UpstreamCache;
  /** The embedded simulator, when ARCHERA_API_URL is unset. Not closed by close(): the gateway closes it last. */
  simulator: StartedSimulator | undefined;
  /** The key for requests that carry none: ARCHERA_API_KEY, or the simulator's demo key. */
  serverApiKey: string | undefined;
  upstreamUrl: string;
  /** Spans for operations, resolvers and upstream attempts; undefined when no tracer was given. */
  tracing: GatewayTracing | undefined;
  /** Closes the transport's connections. */
  close(): Promise<void>;
}

async function embeddedSimulator(
  config: Config,
  infra: Infrastructure,
): Promise<StartedSimulator | undefined> {
  if (config.archeraApiUrl !== undefined) return undefined;
  const simulator = await startSimulator({ port: 0, host: '127.0.0.1', drift: config.simulatorDrift });
  infra.logger.info(
    { upstream: simulator.url },
    'ARCHERA_API_URL is not set: using the embedded Archera simulator (demo data, key "demo"; no Archera account needed)',
  );
  if (config.simulatorDrift) {
    infra.logger.warn(
      'SIMULATOR_DRIFT is on: the simulator answers with deviations from the specs (unknown enum values, upper-case providers, dropped inferred fields, extra fields, another purchase answer)',
    );
  }
  return simulator;
}

export async function createUpstream(
  config: Config,
  infra: Infrastructure,
  options: { upstream?: UpstreamOptions | undefined; tracer?: Tracer | undefined } = {},
): Promise<Upstream> {
  const { logger, metrics } = infra;
  const seams = options.upstream ?? {};
  // Compiled from openapi/ once; throws at start-up when the specs are missing or use what it cannot check
  // (before the simulator starts, so a failure leaves nothing running).
  const drift = new DriftTelemetry(
    createDriftChecker(),
    metrics,
    logger.child({ component: 'upstream-drift' }),
  );
  const simulator = await embeddedSimulator(config, infra);
  const upstreamUrl = simulator?.url ?? config.archeraApiUrl ?? '';
  const tracing = options.tracer ? new GatewayTracing(options.tracer, upstreamUrl) : undefined;
  const transport = new ArcheraTransport({
    baseUrl: upstreamUrl,
    timeoutMs: config.archeraTimeoutMs,
    logger,
    observeAnswer: (endpoint, body, headers) => drift.observe(endpoint, body, headers),
    onDropped: (endpoint, count) => metrics.observeDropped(endpoint, count),
    ...(seams.breaker ? { breaker: seams.breaker } : {}),
    ...(seams.retry ? { retry: seams.retry } : {}),
    ...(seams.keyLimits ? { keyLimits: seams.keyLimits } : {}),
    ...(seams.dispatcher ? { dispatcher: seams.dispatcher } : {}),
    // The transport logs every state change itself; here only the metric.
    onBreakerStateChange: (change) => {
      metrics.setCircuitState(change.state);
      seams.onBreakerStateChange?.(change);
    },
    onCall: (event) => {
      metrics.observeUpstreamCall(event);
      tracing?.onUpstreamCall(event);
      seams.onCall?.(event);
    },
  });
  metrics.gauge('upstream_retry_budget_tokens', 'Retries the upstream retry budget allows right now.', () =>
    transport.retryBudgetAvailable(),
  );
  const upstreamCache = new UpstreamCache({
    backend: infra.cacheBackend,
    ...metrics.upstreamCacheEvents(),
  });
  return {
    transport,
    upstreamCache,
    simulator,
    serverApiKey: config.archeraApiKey ?? (simulator ? SIMULATOR_DEMO_KEY : undefined),
    upstreamUrl,
    tracing,
    close: () => transport.close(),
  };
}
