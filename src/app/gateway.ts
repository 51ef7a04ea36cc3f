/**
 * Assembles the gateway from four factories, each owning what it builds and how to close it:
 *
 *   infrastructure (logger, metrics, Redis, stores)  ->  upstream (simulator?, transport, cache)
 *     ->  GraphQL server (Apollo, request context)  ->  HTTP front (routes, readiness, drain)
 *
 * Shutdown runs the other way, written once below: drain HTTP, stop Apollo, close the transport, close the
 * stores, and the embedded simulator last. A start that fails half-way closes what it had built.
 */
import type { ApolloServer } from '@apollo/server';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Config } from '../config/index';
import type { GatewayMetrics } from '../ops/metrics';
import type { GatewayContext } from '../resolvers/context';
import type { StartedSimulator } from '../simulator';
import { createGraphQLServer, type GraphQLServer } from './apollo';
import { createHttp, type HttpFront } from './http';
import { createInfrastructure, type Infrastructure } from './infrastructure';
import type { GuardedRedis } from '../stores/guarded-redis';
import { createUpstream, type Upstream, type UpstreamOptions } from './upstream';

export { SIMULATOR_DEMO_KEY, type UpstreamOptions } from './upstream';

/** Requests in flight get this long to finish on stop() unless told otherwise. */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

export interface GatewayOptions {
  /**
   * Default: JSON lines on stdout, written synchronously (see stdoutLogger): a line logged before stop()
   * resolves is on stdout when it resolves.
   */
  logger?: Logger;
  /** Prometheus metrics of this gateway (default: a fresh registry with process metrics). */
  metrics?: GatewayMetrics;
  /** OpenTelemetry tracer (main.ts passes one when OTEL_* configures tracing). Unset: no tracing at all. */
  tracer?: Tracer;
  /** Host to listen on (default: all interfaces). */
  host?: string;
  /** How long stop() lets requests in flight finish before closing their connections. Default 25 s. */
  shutdownTimeoutMs?: number;
  /** Seams of the upstream transport (tests): breaker, retries, per-key cap, dispatcher, call hooks. */
  upstream?: UpstreamOptions;
}

export interface Gateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** Set in simulator mode. */
  simulator: StartedSimulator | undefined;
  apollo: ApolloServer<GatewayContext>;
  /** The shared Redis connection, when REDIS_URL is set (readiness checks it). */
  redis: GuardedRedis | undefined;
  metrics: GatewayMetrics;
  /** Stops accepting, lets requests in flight finish (see shutdownTimeoutMs), then closes everything. */
  stop(): Promise<void>;
}

interface Parts {
  infra: Infrastructure;
  upstream?: Upstream;
  graphql?: GraphQLServer;
  http?: HttpFront;
}

/** The shutdown order: the reverse of construction, whatever was built. */
async function closeAll(parts: Parts, timeoutMs: number): Promise<void> {
  await parts.http?.close(timeoutMs);
  await parts.graphql?.close();
  await parts.upstream?.close();
  await parts.infra.close();
  await parts.upstream?.simulator?.close();
}

export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const parts: Parts = {
    infra: createInfrastructure(config, { logger: options.logger, metrics: options.metrics }),
  };
  try {
    const upstream = (parts.upstream = await createUpstream(config, parts.infra, options));
    const graphql = (parts.graphql = await createGraphQLServer(config, parts.infra, upstream));
    const http = (parts.http = createHttp(parts.infra, upstream, graphql));
    const port = await http.listen(config.port, options.host);
    let stopping: Promise<void> | undefined;
    return {
      url: `http://${options.host ?? 'localhost'}:${port}/graphql`,
      port,
      simulator: upstream.simulator,
      apollo: graphql.apollo,
      redis: parts.infra.redis,
      metrics: parts.infra.metrics,
      stop() {
        // Idempotent: a second stop() (signal handler and test teardown, say) waits for the first.
        stopping ??= closeAll(parts, timeoutMs);
        return stopping;
      },
    };
  } catch (err) {
    await closeAll(parts, 0).catch(() => undefined);
    throw err;
  }
}
