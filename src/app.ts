/**
 * Assembles the gateway: upstream transport -> per-request loaders -> Apollo Server -> HTTP front.
 * With no ARCHERA_API_URL, the embedded Archera simulator starts in-process on a loopback port.
 */
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import type { Config } from './config';
import { ArcheraTransport, type UpstreamCallEvent } from './datasources/archera';
import type { GatewayContext } from './graphql/context';
import { snakeCaseFieldResolver } from './graphql/field-resolver';
import { createFormatError } from './graphql/format-error';
import { createContextFactory } from './graphql/request-context';
import { buildSchema } from './graphql/schema';
import { createHttpFront, sendJson } from './http/server';
import { JournalIdempotencyStore } from './idempotency/journal-store';
import type { IdempotencyStore } from './idempotency/types';
import { createLogger } from './logger';
import { MoneyMovingService } from './mutations/money-moving';
import { singleMoneyMovingFieldPlugin } from './mutations/single-money-moving-field';
import { startSimulator, type StartedSimulator } from './simulator';

/** The key the gateway uses in simulator mode when ARCHERA_API_KEY is unset. */
export const SIMULATOR_DEMO_KEY = 'demo';

export interface GatewayOptions {
  logger?: Logger;
  /** Injected upstream dispatcher (tests). */
  dispatcher?: Dispatcher;
  onUpstreamCall?: (event: UpstreamCallEvent) => void;
  /** Idempotency store (default: the journal file of the config). */
  idempotencyStore?: IdempotencyStore;
  /** Host to listen on (default: all interfaces). */
  host?: string;
}

export interface Gateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  port: number;
  /** Set in simulator mode. */
  simulator: StartedSimulator | undefined;
  apollo: ApolloServer<GatewayContext>;
  stop(): Promise<void>;
}

export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let simulator: StartedSimulator | undefined;
  let serverApiKey = config.archeraApiKey;
  if (config.archeraApiUrl === undefined) {
    simulator = await startSimulator({ port: 0, host: '127.0.0.1' });
    serverApiKey ??= SIMULATOR_DEMO_KEY;
    logger.info(
      { upstream: simulator.url },
      'ARCHERA_API_URL is not set: using the embedded Archera simulator (demo data, key "demo"; no Archera account needed)',
    );
  }

  const transport = new ArcheraTransport({
    baseUrl: simulator?.url ?? config.archeraApiUrl ?? '',
    timeoutMs: config.archeraTimeoutMs,
    logger,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.onUpstreamCall ? { onCall: options.onUpstreamCall } : {}),
  });

  const store = options.idempotencyStore ?? new JournalIdempotencyStore(config.idempotencyJournal);
  const moneyMoving = new MoneyMovingService({
    store,
    audit: logger.child({ component: 'audit' }),
    // Against a real upstream, nobody buys by accident from a Sandbox tab: purchases need an explicit opt-in.
    purchasesEnabled: simulator !== undefined || config.enablePurchases,
  });
  if (!moneyMoving.purchasesEnabled) {
    logger.info(
      'ARCHERA_ENABLE_PURCHASES is not true: applyCommitmentPlan and purchaseCommitmentPlan are refused (previews work)',
    );
  }

  const apollo = new ApolloServer<GatewayContext>({
    schema: buildSchema(),
    fieldResolver: snakeCaseFieldResolver,
    formatError: createFormatError(logger),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    logger,
    plugins: [
      singleMoneyMovingFieldPlugin,
      config.production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, footer: false, includeCookies: false }),
    ],
  });
  await apollo.start();

  const http = createHttpFront({
    apollo,
    logger,
    context: createContextFactory({ transport, logger, serverApiKey, moneyMoving }),
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
  });
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
    stop() {
      // Idempotent: a second stop() (signal handler and test teardown, say) waits for the first.
      stopping ??= (async () => {
        await new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        await apollo.stop();
        await transport.close();
        await store.close();
        await simulator?.close();
      })();
      return stopping;
    },
  };
}
