/**
 * Metrics and request logs of GraphQL requests (the request plugin, request.ts, calls them once per request
 * when the answer is ready), never per field, so they stay off the resolver hot path.
 */
import type { GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from '../../resolvers/context';
import { errorCodeLabel, type OperationType } from '../../ops/metrics';

const NO_CODES: readonly string[] = [];

/** The `extensions.code` of each error of a response (formatted errors: codes are final). */
export function responseErrorCodes(rc: GraphQLRequestContextWillSendResponse<GatewayContext>): string[] {
  const body = rc.response.body;
  const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
  return errors === undefined || errors.length === 0
    ? (NO_CODES as string[])
    : errors.map((e) => errorCodeLabel(e.extensions?.code));
}

export function operationType(rc: GraphQLRequestContextWillSendResponse<GatewayContext>): OperationType {
  return rc.operation?.operation ?? 'unknown';
}

/**
 * One structured line per GraphQL request ("graphql request"): request id (the same one sent upstream as
 * x-request-id, carried by the request's child logger), operation name and type, status, duration, error
 * codes; never the query text, variables or headers. (The HTTP front returns the request id to the caller
 * as the x-request-id response header.)
 */
export function logRequest(
  logger: Logger,
  rc: GraphQLRequestContextWillSendResponse<GatewayContext>,
  durationMs: number,
  codes: readonly string[],
  traceId: string | undefined,
): void {
  const name = rc.operationName ?? rc.request.operationName;
  logger.info(
    {
      operation: name ? name.slice(0, 100) : null,
      operationType: operationType(rc),
      status: rc.response.http.status ?? 200,
      durationMs: Math.round(durationMs * 10) / 10,
      ...(codes.length ? { errorCodes: [...new Set(codes)], errorCount: codes.length } : {}),
      ...(traceId ? { traceId } : {}),
    },
    'graphql request',
  );
}
