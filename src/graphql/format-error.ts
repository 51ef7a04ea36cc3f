import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { isUpstreamError } from '../datasources/archera';

/** Our own input errors (e.g. a Date literal that is no date) wrapped by graphql-js validation. */
function ownBadUserInput(error: unknown): GraphQLError | undefined {
  for (
    let e: unknown = error, depth = 0;
    e instanceof Error && depth < 5;
    e = (e as GraphQLError).originalError, depth++
  ) {
    if (e instanceof GraphQLError && e.extensions.code === 'BAD_USER_INPUT') return e;
  }
  return undefined;
}

/**
 * Turns errors into the public error contract (DESIGN.md "Errors"): upstream failures get their stable
 * code; errors we did not design are logged and masked (their detail never reaches the client).
 */
export function createFormatError(
  logger: Logger,
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
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
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' && ownBadUserInput(error)) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    if (original instanceof GraphQLError || code !== 'INTERNAL_SERVER_ERROR') return formatted;
    logger.error({ err: original, path: formatted.path }, 'unexpected error while resolving a field');
    return {
      message: 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
