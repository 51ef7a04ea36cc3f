/**
 * The GraphQL server: Apollo Server over the Federation schema, with its plugins (metrics, request log,
 * tracing, the money-moving guard, abuse limits, landing page), error formatting, and the per-request
 * context its resolvers get (loaders over the upstream, the money-moving service).
 *
 * Why a factory of its own: Apollo's options are the one place where the GraphQL behaviour is decided, and
 * it stops before the upstream closes (no resolver may outlive the transport it calls).
 */
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { Config } from '../config';
import { MoneyMovingService } from '../money/service';
import type { GatewayContext } from '../resolvers/context';
import { snakeCaseFieldResolver } from '../schema/field-resolver';
import { apiKeyOf, createContextFactory, type ContextDeps } from '../server/context';
import { Pollers } from '../server/subscriptions/pollers';
import { subscriptionServer, type SubscriptionServer } from '../server/subscriptions/ws-server';
import { createFormatError } from '../server/format-error';
import { createSecurity } from '../server/limits';
import { inlineTraceWhenAsked } from '../server/plugins/inline-trace';
import { requestPlugin } from '../server/plugins/request';
import { trustedDocuments } from '../server/plugins/trusted-documents';
import { persistedQueries } from '../server/persisted-queries';
import { loadSandboxInitialState } from '../server/sandbox';
import { buildSchema } from '../server/schema';
import type { RequestScope } from '../tenant/scope';
import type { Infrastructure } from './infrastructure';
import type { Upstream } from './upstream';

export interface GraphQLServer {
  apollo: ApolloServer<GatewayContext>;
  /** Builds a request's context from the request and its scope (throws a GraphQLError to refuse it). */
  context: (req: IncomingMessage, scope: RequestScope) => Promise<GatewayContext>;
  /** The graphql-ws server options of subscriptions (the HTTP front attaches them to its port). */
  subscriptions: SubscriptionServer;
  /** Completes every subscription (shutdown). */
  completeSubscriptions(): void;
  /**
   * Whether the persisted-query store is scoped per API key (found in the HTTP front's implicit request scope);
   * not with trusted documents, whose store is the manifest.
   */
  scopedPersistedQueries: boolean;
  /** The API key a request will use: its x-api-key, else the server's. */
  apiKeyOf: (req: IncomingMessage) => string | undefined;
  /** Stops Apollo (after the HTTP front has drained). */
  close(): Promise<void>;
}

function createMoneyMoving(config: Config, infra: Infrastructure, upstream: Upstream): MoneyMovingService {
  const simulated = upstream.simulator !== undefined;
  const moneyMoving = new MoneyMovingService({
    store: infra.idempotencyStore,
    audit: infra.logger.child({ component: 'audit' }),
    // Against a real upstream, nobody buys by accident from a Sandbox tab: purchases need an explicit opt-in.
    purchasesEnabled: simulated || config.enablePurchases,
    // Reaching the gateway must not be enough to buy with its own key: apply and purchase need the caller's
    // key unless told otherwise (the simulator's built-in demo key moves no real money).
    serverKeyMayMoveMoney: config.serverKeyPurchases || (simulated && config.archeraApiKey === undefined),
    // A duplicate on another replica waits at most as long as the first POST may take.
    leaseMs: config.archeraTimeoutMs + 5_000,
  });
  if (!moneyMoving.purchasesEnabled) {
    infra.logger.info(
      'ARCHERA_ENABLE_PURCHASES is not true: applyCommitmentPlan and purchaseCommitmentPlan are refused (previews work)',
    );
  }
  return moneyMoving;
}

export async function createGraphQLServer(
  config: Config,
  infra: Infrastructure,
  upstream: Upstream,
): Promise<GraphQLServer> {
  const { logger, metrics } = infra;
  const { tracing, serverApiKey } = upstream;
  const moneyMoving = createMoneyMoving(config, infra, upstream);
  const schema = buildSchema();
  // Resolver spans only when tracing is on: no per-field cost otherwise.
  tracing?.instrumentSchema(schema);
  const sandbox = loadSandboxInitialState();
  const security = createSecurity({ limits: config.limits, introspection: config.introspection });
  const formatError = createFormatError(logger, { hideSuggestions: !config.introspection });
  const contextDeps: ContextDeps = {
    transport: upstream.transport,
    logger,
    serverApiKey,
    moneyMoving,
    upstreamCache: upstream.upstreamCache,
  };
  // GRAPHQL_TRUSTED_DOCUMENTS: only the manifest's operations run; its ids are the persisted-query store.
  const trusted = config.trustedDocuments
    ? trustedDocuments(config.trustedDocuments, {
        introspection: config.introspection,
        parseOptions: security.apollo.parseOptions,
      })
    : undefined;
  // Subscriptions (graphql-ws on the same port): the same schema, armor rules, cost and budget as HTTP (not
  // Apollo's recursive-selections rule, which is Apollo's own).
  const pollers = new Pollers(config.subscriptions.poll, {
    onPoll: (kind, result) => metrics.observePoll(kind, result),
  });
  const subscriptions = subscriptionServer({
    schema,
    context: contextDeps,
    pollers,
    logger,
    limits: config.limits,
    budget: security.budget,
    validationRules: security.apollo.validationRules,
    parseOptions: security.apollo.parseOptions,
    formatError,
    subscriptionLimits: config.subscriptions.limits,
    trusted,
  });
  metrics.gauge('subscriptions_active', 'Subscriptions being served (WebSocket).', () =>
    subscriptions.active(),
  );
  metrics.gauge(
    'subscription_pollers',
    'Pollers behind subscriptions: one per (API key, plan), however many subscribers.',
    () => pollers.size,
  );
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    fieldResolver: snakeCaseFieldResolver,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // Abuse limits (docs/limits.md); persisted queries are kept per API key.
    ...security.apollo,
    // Shared by the replicas with REDIS_URL; scoped per API key either way.
    persistedQueries: trusted?.persistedQueries ?? persistedQueries(infra.persistedQueries),
    // main.ts owns SIGTERM/SIGINT (drain, then exit 0). Apollo's own handlers would stop it mid-request and
    // re-send the signal to the process.
    stopOnTerminationSignals: false,
    logger,
    plugins: [
      // Apollo installs its CacheControl plugin by default: a hook on every field (12-19% of the CPU of a
      // simple query here) to compute hints we never use (responses are private, no-store: see http/server).
      ApolloServerPluginCacheControlDisabled(),
      // Federated traces only for the requests that ask for them (Apollo's plugin starts one for every request).
      ...inlineTraceWhenAsked(),
      // Metrics, request log, single money-moving field, cost and budget: one plugin, few synchronous hooks.
      requestPlugin({
        metrics,
        logger,
        limits: security.limits,
        budget: security.budget,
        ...(tracing ? { traceIdOf: (ctx: GatewayContext) => tracing.traceIdOf(ctx) } : {}),
      }),
      ...(tracing ? [tracing.plugin()] : []),
      ...(trusted ? [trusted.plugin] : []),
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
  return {
    apollo,
    context: createContextFactory(contextDeps),
    subscriptions,
    completeSubscriptions: () => pollers.stopAll(),
    scopedPersistedQueries: trusted === undefined,
    apiKeyOf: (req) => apiKeyOf(req, serverApiKey),
    close: () => apollo.stop(),
  };
}
