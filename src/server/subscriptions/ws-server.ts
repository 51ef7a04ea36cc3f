/**
 * Subscriptions over WebSocket (the `graphql-ws` protocol, which Apollo Router passes through to subgraphs
 * and Hive Gateway speaks): the same schema, token limit, cost ceiling and budget as HTTP, graphql-js's and
 * graphql-armor's validation rules (depth, aliases, directives) but not Apollo's limit on expanded selections
 * (maxRecursiveSelections, which Apollo applies only inside its own pipeline), the API key
 * from `connection_init` (`{"x-api-key": "…"}`) or the upgrade request, and limits of their own:
 * subscriptions per key (across connections) and per connection, a lifetime per subscription and an idle time
 * per connection. The protocol server is graphql-ws's; the HTTP front attaches it to its port.
 */
import type { IncomingMessage } from 'node:http';
import {
  GraphQLError,
  Kind,
  getOperationAST,
  locatedError,
  createSourceEventStream,
  execute,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import type { SecurityLimits } from '../../config/limits';
import type { SubscriptionLimits } from '../../config/subscriptions';
import { snakeCaseFieldResolver } from '../../schema/field-resolver';
import { keyFingerprint } from '../../tenant/fingerprint';
import { requestIdOf } from '../../tenant/scope';
import { callerKeyOf, requestContext, type ContextDeps } from '../context';
import { noteRequestId } from '../format-error';
import { admit } from '../limits/admission';
import type { TrustedDocumentsSetup } from '../plugins/trusted-documents';
import { eventResults } from './events';
import type { CostBudget } from '../limits/budget';
import { livePlans } from './live-plans';
import type { Pollers } from './pollers';

export interface SubscriptionServerDeps {
  schema: GraphQLSchema;
  context: ContextDeps;
  pollers: Pollers;
  logger: Logger;
  limits: SecurityLimits;
  budget: CostBudget | undefined;
  validationRules: readonly ValidationRule[];
  parseOptions: ParseOptions;
  /** The error contract of HTTP answers (codes, masking). */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  subscriptionLimits: SubscriptionLimits;
  /** GRAPHQL_TRUSTED_DOCUMENTS: only listed operations run, over WebSocket as over HTTP. */
  trusted?: Pick<TrustedDocumentsSetup, 'admit'> | undefined;
  /** Counts for metrics. */
  onCount?: (active: number) => void;
}

/** What a connection holds between callbacks. */
interface Connection {
  apiKey: string;
  keySource: 'caller' | 'server';
  fingerprint: string;
  requestId: string;
  active: Set<string>;
  idle?: NodeJS.Timeout;
}

type Ctx = {
  connectionParams?: Readonly<Record<string, unknown>>;
  extra: Extra & { connection?: Connection };
};

function keyFrom(
  params: Readonly<Record<string, unknown>> | undefined,
  request: IncomingMessage,
): string | undefined {
  for (const name of ['x-api-key', 'X-Api-Key', 'apiKey']) {
    const value = params?.[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return callerKeyOf(request);
}

const refusal = (message: string, code: string, extensions: Record<string, unknown> = {}): GraphQLError[] => [
  new GraphQLError(message, { extensions: { code, ...extensions } }),
];

/**
 * An error as Apollo hands it to formatError over HTTP: a code on every error (INTERNAL_SERVER_ERROR when it
 * has none, which formatError masks), and no `extensions.http` (how HTTP answers it, not part of the error).
 */
function normalised(error: GraphQLError): GraphQLFormattedError {
  const json = error.toJSON();
  const { http: _http, ...extensions } = json.extensions ?? {};
  return { ...json, extensions: { ...extensions, code: extensions.code ?? 'INTERNAL_SERVER_ERROR' } };
}

/** The response name of the subscription's one root field (the path of its errors). */
function rootFieldOf(args: ExecutionArgs): string {
  const operation = getOperationAST(args.document, args.operationName);
  const field = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  return field && field.kind === Kind.FIELD ? (field.alias ?? field.name).value : 'subscription';
}

export interface SubscriptionServer {
  options: ServerOptions<Record<string, unknown>, Extra & { connection?: Connection }>;
  /** Subscriptions active now. */
  active(): number;
}

export function subscriptionServer(deps: SubscriptionServerDeps): SubscriptionServer {
  const limits = deps.subscriptionLimits;
  const rules = [...specifiedRules, ...deps.validationRules];
  // The context of each event of a subscription (see events()), by the arguments graphql-ws hands back.
  const eventContexts = new WeakMap<ExecutionArgs, (event: number) => unknown>();
  const perKey = new Map<string, number>();
  let active = 0;
  const count = (delta: number, fingerprint: string): void => {
    active += delta;
    const n = (perKey.get(fingerprint) ?? 0) + delta;
    if (n <= 0) perKey.delete(fingerprint);
    else perKey.set(fingerprint, n);
    deps.onCount?.(active);
  };
  const idleWatch = (ctx: Ctx): void => {
    const connection = ctx.extra.connection;
    if (!connection) return;
    clearTimeout(connection.idle);
    if (connection.active.size > 0) return;
    connection.idle = setTimeout(() => ctx.extra.socket.close(4408, 'Idle: no subscription'), limits.idleMs);
    connection.idle.unref();
  };
  /** The error contract of HTTP answers, masked errors naming the subscription's request id. */
  const formatted = (ctx: Ctx, id: string, error: GraphQLError): GraphQLFormattedError => {
    const connection = ctx.extra.connection;
    if (connection) noteRequestId(error, `${connection.requestId}:${id}`);
    const answer = deps.formatError(normalised(error), error);
    if (answer.extensions === undefined || !('http' in answer.extensions)) return answer;
    const { http: _http, ...extensions } = answer.extensions;
    return { ...answer, extensions };
  };
  const end = (ctx: Ctx, id: string): void => {
    const connection = ctx.extra.connection;
    if (!connection?.active.delete(id)) return;
    count(-1, connection.fingerprint);
    deps.logger.info({ requestId: `${connection.requestId}:${id}` }, 'subscription ended');
    idleWatch(ctx);
  };

  const options: SubscriptionServer['options'] = {
    schema: deps.schema,
    onConnect: (ctx) => {
      const callerKey = keyFrom(ctx.connectionParams, ctx.extra.request);
      const apiKey = callerKey ?? deps.context.serverApiKey;
      // Refused before anything is polled (the socket closes with 4403 Forbidden).
      if (apiKey === undefined) return false;
      ctx.extra.connection = {
        apiKey,
        keySource: callerKey === undefined ? 'server' : 'caller',
        fingerprint: keyFingerprint(apiKey),
        requestId: requestIdOf(ctx.extra.request, apiKey),
        active: new Set(),
      };
      idleWatch(ctx);
      return true;
    },
    onSubscribe: (ctx, id, payload) => {
      const connection = ctx.extra.connection!;
      let query = payload.query;
      if (deps.trusted) {
        const admitted = deps.trusted.admit({
          query: payload.query,
          operationName: payload.operationName ?? undefined,
          extensions: payload.extensions ?? undefined,
        });
        if ('refused' in admitted) return [admitted.refused];
        query = admitted.query;
      }
      let document: DocumentNode;
      try {
        document = parse(query, deps.parseOptions);
      } catch (err) {
        return refusal(err instanceof Error ? err.message : 'Syntax error', 'GRAPHQL_PARSE_FAILED');
      }
      const invalid = validate(deps.schema, document, rules);
      if (invalid.length > 0) {
        return invalid.map(
          (e) =>
            new GraphQLError(e.message, {
              nodes: e.nodes,
              originalError: e.originalError,
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...e.extensions },
            }),
        );
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return refusal('No operation to run.', 'BAD_REQUEST');
      if (operation.operation !== 'subscription') {
        return refusal(
          'Send queries and mutations over HTTP (POST /graphql); WebSocket is for subscriptions.',
          'BAD_REQUEST',
        );
      }
      if (connection.active.size >= limits.perConnection) {
        return refusal(`At most ${limits.perConnection} subscriptions per connection.`, 'RATE_LIMITED');
      }
      if ((perKey.get(connection.fingerprint) ?? 0) >= limits.perKey) {
        return refusal(`At most ${limits.perKey} subscriptions per API key.`, 'RATE_LIMITED');
      }
      const variables = (payload.variables ?? undefined) as Record<string, unknown> | undefined;
      // As Apollo answers over HTTP: variables that do not fit their definitions are the caller's mistake
      // (and an operation whose variables do not coerce cannot be costed).
      const coerced = getVariableValues(deps.schema, operation.variableDefinitions ?? [], variables ?? {});
      if (coerced.errors) {
        return coerced.errors.map(
          (e) =>
            new GraphQLError(e.message, {
              nodes: e.nodes,
              originalError: e.originalError,
              extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
            }),
        );
      }
      try {
        admit(deps.limits, deps.budget, {
          schema: deps.schema,
          document,
          operation,
          variables,
          tenant: connection.fingerprint,
        });
      } catch (err) {
        if (err instanceof GraphQLError) return [err];
        throw err;
      }
      const requestId = `${connection.requestId}:${id}`;
      const contextOf = (suffix: string, fresh = false) =>
        requestContext(deps.context, {
          apiKey: connection.apiKey,
          tenant: connection.fingerprint,
          keySource: connection.keySource,
          requestId: `${requestId}${suffix}`,
          bypassCache: fresh,
        });
      // The first, authorizing read and the first event read fresh (a UI subscribes to learn the state now,
      // not a cached one); the polls after it go through the shared cache and coalescing.
      const context = contextOf('', true);
      const polling = contextOf(':poll');
      context.live = livePlans({
        pollers: deps.pollers,
        fingerprint: connection.fingerprint,
        client: polling.client,
        loaders: context.loaders,
      });
      const args: ExecutionArgs = {
        schema: deps.schema,
        // As over HTTP: camelCase fields read the upstream's snake_case properties.
        fieldResolver: snakeCaseFieldResolver,
        document,
        operationName: payload.operationName ?? null,
        variableValues: variables ?? null,
        contextValue: context,
      };
      eventContexts.set(args, (event) => (event === 0 ? context : contextOf(`:${event}`)));
      connection.active.add(id);
      count(+1, connection.fingerprint);
      clearTimeout(connection.idle);
      deps.logger.info({ requestId, operation: payload.operationName ?? null }, 'subscription started');
      return args;
    },
    subscribe: async (args) => {
      const source = await createSourceEventStream(args);
      if (!(Symbol.asyncIterator in source)) return source;
      const contextOf = eventContexts.get(args) ?? (() => args.contextValue);
      // Each event runs as a request of its own: fresh loaders (nested fields are read again, not served
      // from the first event's loader cache), the same key.
      return eventResults(source, {
        run: (payload, n) =>
          Promise.resolve(execute({ ...args, rootValue: payload, contextValue: contextOf(n) })),
        failed: (err) => ({ data: null, errors: [locatedError(err, undefined, [rootFieldOf(args)])] }),
        lifetimeMs: limits.lifetimeMs,
      });
    },
    onNext: (ctx, id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map((e) => formatted(ctx, id, e)) } : undefined,
    onError: (ctx, id, _payload, errors) => errors.map((e) => formatted(ctx, id, e)),
    onComplete: (ctx, id) => end(ctx, id),
    onClose: (ctx) => {
      const connection = ctx.extra.connection;
      if (!connection) return;
      for (const id of [...connection.active]) end(ctx, id);
      clearTimeout(connection.idle);
    },
  };
  return { options, active: () => active };
}
