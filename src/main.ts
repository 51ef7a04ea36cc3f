/**
 * `npm start` / `npm run start:prod`: the gateway on PORT (default 4000); the embedded simulator when
 * ARCHERA_API_URL is unset; OpenTelemetry tracing when OTEL_* configures it.
 *
 * SIGTERM / SIGINT: the gateway stops accepting connections and reports not ready, requests in flight
 * finish (for at most 25 s), spans are flushed, then the process exits 0. A second signal
 * exits at once (1).
 */
import { ConfigError, loadConfig, type Config } from './config/index';
import { startGateway } from './app/gateway';
import { stdoutLogger } from './app/infrastructure';
import { startTracing } from './ops/tracing';

/** Requests in flight get this long to finish: under Kubernetes' default 30 s grace period. */
const SHUTDOWN_TIMEOUT_MS = 25_000;
/** An unreachable collector must not hold the exit. */
const TRACING_FLUSH_TIMEOUT_MS = 3_000;

/** Where spans go, for the start-up log: scheme, host and path only (never credentials). */
function otlpEndpoint(): string | undefined {
  const raw = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`archera-graphql: invalid configuration: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  // Synchronous writes: every line is on stdout before process.exit() below (see stdoutLogger).
  const logger = stdoutLogger(config.logLevel);
  const tracing = startTracing();
  if (tracing) logger.info({ otlpEndpoint: otlpEndpoint() }, 'OpenTelemetry tracing is on');
  const gateway = await startGateway(config, {
    logger,
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    ...(tracing ? { tracer: tracing.tracer } : {}),
  });
  logger.info(
    { url: gateway.url },
    `archera-graphql ready: open http://localhost:${gateway.port}/graphql for Apollo Sandbox`,
  );

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new connections, finishing requests in flight');
    gateway
      .stop()
      .then(() => tracing?.shutdown(TRACING_FLUSH_TIMEOUT_MS))
      .then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`archera-graphql: failed to start: ${message}\n`);
  process.exit(1);
});
