/** `npm start`: the gateway on PORT (default 4000); the embedded simulator when ARCHERA_API_URL is unset. */
import { ConfigError, loadConfig, type Config } from './config';
import { startGateway } from './app';
import { createLogger } from './logger';

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
  const logger = createLogger(config.logLevel);
  const gateway = await startGateway(config, { logger });
  logger.info(
    { url: gateway.url },
    `archera-graphql ready: open http://localhost:${gateway.port}/graphql for Apollo Sandbox`,
  );
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    gateway.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`archera-graphql: failed to start: ${message}\n`);
  process.exit(1);
});
