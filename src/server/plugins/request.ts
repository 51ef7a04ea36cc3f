/**
 * The gateway's one plugin on every GraphQL request: request metrics and the request log line
 * (observability.ts), the single-money-moving-field rule (single-money-moving-field.ts), the cost ceiling,
 * argument caps and per-key budget (cost.ts), and the request id of each error for formatError.
 *
 * Why one plugin with few, synchronous hooks: Apollo calls every hook of every plugin for every request and
 * awaits each; one plugin and plain (non-async) hooks mean fewer calls, promises and microtasks per request
 * (Apollo awaits a plain return just as well). Its listener is one object shared by every request: what a
 * request needs is on its context (RequestContext). What depends on the document only (the money-moving
 * check, the metric series of the operation name) is worked out once per parsed operation, which Apollo
 * keeps in its document cache, and kept with it here; the cost once per operation and variables.
 */
import { performance } from 'node:perf_hooks';
import type {
  ApolloServerPlugin,
  GraphQLRequestContextDidEncounterErrors,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestContextWillSendResponse,
} from '@apollo/server';
import type { GraphQLError, OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { SecurityLimits } from '../../config/limits';
import { errorCodeLabel, type GatewayMetrics, type RequestSeries } from '../../ops/metrics';
import type { GatewayContext } from '../../resolvers/context';
import type { RequestContext } from '../context';
import { noteRequestId } from '../format-error';
import type { CostBudget } from '../limits/budget';
import { CostGuard, type CostMemo } from './cost';
import { logRequest, responseErrorCodes } from './observability';
import { moneyMovingRefusal } from './single-money-moving-field';

export interface RequestPluginOptions {
  metrics: GatewayMetrics;
  /** The gateway's logger: the line goes to the request's child of it, when info is enabled. */
  logger: Logger;
  limits: SecurityLimits;
  /** Per-key budget; undefined when GRAPHQL_COST_BUDGET_PER_MINUTE=0. */
  budget: CostBudget | undefined;
  /** The trace id of a request, when tracing is on (it goes into the request's log line). */
  traceIdOf?: (ctx: GatewayContext) => string | undefined;
  now?: () => number;
}

/** What the plugin keeps with a parsed operation. */
interface OperationFacts {
  /** Its metric series (bounded operation label); made when its first request ends. */
  series: RequestSeries | undefined;
  /** Its refusal under the single-money-moving-field rule: null when it may run, undefined until known. */
  refusal: (() => GraphQLError) | null | undefined;
  costs: CostMemo;
}

export function requestPlugin(options: RequestPluginOptions): ApolloServerPlugin<GatewayContext> {
  const { metrics, logger, traceIdOf } = options;
  const guard = new CostGuard({
    limits: options.limits,
    budget: options.budget,
    ...(options.now ? { now: options.now } : {}),
  });
  const facts = new WeakMap<OperationDefinitionNode, OperationFacts>();
  const factsOf = (operation: OperationDefinitionNode): OperationFacts => {
    let known = facts.get(operation);
    if (!known) {
      known = { series: undefined, refusal: undefined, costs: new Map() };
      facts.set(operation, known);
    }
    return known;
  };
  let unresolved: RequestSeries | undefined;

  const listener = {
    didResolveOperation(rc: GraphQLRequestContextDidResolveOperation<GatewayContext>): void {
      const operation = rc.operation;
      if (!operation) return;
      const ctx = rc.contextValue as RequestContext;
      const known = factsOf(operation);
      if (known.refusal === undefined) known.refusal = moneyMovingRefusal(operation, rc.document) ?? null;
      // Both rules run, and the first refusal in this order is the answer (as two plugins did before): a
      // refused operation is still charged to the budget when its cost is within the ceiling.
      let refused: unknown = known.refusal?.();
      try {
        ctx.costCheck = guard.check(
          known.costs,
          rc.schema,
          rc.document,
          operation,
          rc.request.variables,
          ctx.tenant,
        );
      } catch (err) {
        refused ??= err;
      }
      if (refused !== undefined) throw refused;
    },

    didEncounterErrors(rc: GraphQLRequestContextDidEncounterErrors<GatewayContext>): void {
      const { requestId } = rc.contextValue;
      for (const error of rc.errors) noteRequestId(error, requestId);
    },

    willSendResponse(rc: GraphQLRequestContextWillSendResponse<GatewayContext>): void {
      const ctx = rc.contextValue as RequestContext;
      const durationMs = performance.now() - ctx.startedAt;
      const codes = responseErrorCodes(rc);
      let series: RequestSeries;
      if (rc.operation) {
        const known = factsOf(rc.operation);
        series = known.series ??= metrics.requestSeries(
          metrics.operations.label(true, rc.operationName),
          rc.operation.operation,
        );
      } else {
        series = unresolved ??= metrics.requestSeries(metrics.operations.label(false, null), 'unknown');
      }
      metrics.observeSeries(series, durationMs / 1000, codes);
      if (logger.isLevelEnabled('info')) logRequest(ctx.logger, rc, durationMs, codes, traceIdOf?.(ctx));
      if (ctx.costCheck) guard.setHeaders(rc.response.http, ctx.costCheck);
    },
  };

  return {
    async contextCreationDidFail({ error }) {
      metrics.observeRefusedRequest(
        errorCodeLabel((error as { extensions?: { code?: unknown } }).extensions?.code),
      );
    },
    // Apollo awaits whatever a hook returns: plain functions spare a promise per hook and request (its
    // types say Promise).
    requestDidStart: (() => listener) as unknown as RequestDidStart,
  };
}

type RequestDidStart = NonNullable<ApolloServerPlugin<GatewayContext>['requestDidStart']>;
