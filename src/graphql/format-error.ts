import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isUpstreamError } from '../datasources/archera';

/**
 * Turns errors into the public error contract (DESIGN.md "Errors"): upstream failures get their stable
 * code; errors we did not design are masked (their detail goes to the log, never to the client).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isUpstreamError(original)) {
    return {
      ...formatted,
      message: original.message,
      extensions: {
        code: original.code,
        ...(original.retryAfterSeconds !== undefined ? { retryAfter: original.retryAfterSeconds } : {}),
        ...(original.status !== undefined ? { upstreamStatus: original.status } : {}),
      },
    };
  }
  if (original instanceof GraphQLError || formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR')
    return formatted;
  return {
    message: 'Internal server error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
