/**
 * Apollo Server plugins for metrics and request logs. Both work per request (a few hooks per operation),
 * never per field, so they stay off the resolver hot path.
 */
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { GatewayContext } from '../../resolvers/context';
import { errorCodeLabel, type GatewayMetrics, type OperationType } from '../../ops/metrics';

/** The `extensions.code` of each error of a response (formatted errors: codes are final). */
export function responseErrorCodes(rc: GraphQLRequestContextWillSendResponse<GatewayContext>): string[] {
  const body = rc.response.body;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  return (errors ?? []).map((e) => errorCodeLabel(e.extensions?.code));
}

function operationType(rc: GraphQLRequestContextWillSendResponse<GatewayContext>): OperationType {
  return rc.operation?.operation ?? 'unknown';
}

/** Request count, latency and errors by (bounded) operation name. */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async contextCreationDidFail({ error }) {
      metrics.observeRefusedRequest(
        errorCodeLabel((error as { extensions?: { code?: unknown } }).extensions?.code),
      );
    },
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(rc) {
          metrics.observeRequest({
            operation: metrics.operations.label(rc.operation !== undefined, rc.operationName),
            type: operationType(rc),
            durationSeconds: (performance.now() - started) / 1000,
            errorCodes: responseErrorCodes(rc),
          });
        },
      };
    },
  };
}

export interface LoggingPluginOptions {
  /** The trace id of a request, when tracing is on (it goes into the request's log line). */
  traceIdOf?: (ctx: GatewayContext) => string | undefined;
}

/**
 * One structured line per GraphQL request ("graphql request"): request id (the same one sent upstream as
 * x-request-id), operation name and type, status, duration, error codes; never the query text, variables
 * or headers. (The HTTP front returns the request id to the caller as the x-request-id response header.)
 */
export function loggingPlugin(options: LoggingPluginOptions = {}): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(rc) {
          const { contextValue: ctx, response } = rc;
          const codes = responseErrorCodes(rc);
          const name = rc.operationName ?? rc.request.operationName;
          const traceId = options.traceIdOf?.(ctx);
          ctx.logger.info(
            {
              operation: name ? name.slice(0, 100) : null,
              operationType: operationType(rc),
              status: response.http.status ?? 200,
              durationMs: Math.round((performance.now() - started) * 10) / 10,
              ...(codes.length ? { errorCodes: [...new Set(codes)], errorCount: codes.length } : {}),
              ...(traceId ? { traceId } : {}),
            },
            'graphql request',
          );
        },
      };
    },
  };
}
