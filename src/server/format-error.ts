import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { isUpstreamError } from '../upstream';

/**
 * The request each error belongs to (formatError has no context): the request plugin notes every error of a
 * request before Apollo formats it (didEncounterErrors), the WebSocket server every error of a subscription.
 */
const requestIds = new WeakMap<object, string>();

export function noteRequestId(error: unknown, requestId: string): void {
  if (typeof error === 'object' && error !== null) requestIds.set(error, requestId);
}

/** The request id noted for the error or one it wraps (Apollo wraps context and validation errors). */
function requestIdOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const id = requestIds.get(e);
    if (id !== undefined) return id;
    e = (e as GraphQLError).originalError;
  }
  return undefined;
}

export interface FormatErrorOptions {
  /** Strip "Did you mean …?" from messages (production without introspection: no schema hints). */
  hideSuggestions?: boolean;
}

/** Our own error with `code`, wrapped by Apollo (validation, parsing) under its own code. */
function ownError(error: unknown, code: string): GraphQLError | undefined {
  for (
    let e: unknown = error, depth = 0;
    e instanceof Error && depth < 5;
    e = (e as GraphQLError).originalError, depth++
  ) {
    if (e instanceof GraphQLError && e.extensions.code === code) return e;
  }
  return undefined;
}

const TOKENS = /Document contains more th(?:an|at) (\d+) tokens/;
const NON_NULL = /^Cannot return null for non-nullable field (\w+\.\w+)\.$/;
/** graphql-js (and our scalars) refusing a value to serialize: the upstream sent something off-spec. */
const UNREPRESENTABLE = /cannot represent|A commitment attribute value is/;
const SUGGESTION = / ?Did you mean .+?\?/g;

/**
 * Why a field failed while completing upstream data (a null where the API promises a value, a value the
 * schema cannot represent): an upstream error, not ours. Undefined for any other failure.
 */
function upstreamDataFailure(original: unknown, formatted: GraphQLFormattedError): string | undefined {
  if (!(original instanceof Error) || formatted.path === undefined) return undefined;
  const field = NON_NULL.exec(original.message)?.[1];
  if (field && !(original instanceof GraphQLError)) {
    return `Archera's answer lacks ${field}, which it promises; reported as an upstream error.`;
  }
  if (
    original instanceof GraphQLError &&
    original.extensions.code === undefined &&
    UNREPRESENTABLE.test(original.message)
  ) {
    return `Archera returned a value the graph cannot represent at ${formatted.path.join('.')}.`;
  }
  return undefined;
}

/**
 * Turns errors into the public error contract (README, "Errors"): upstream failures get their stable
 * code; limits get QUERY_TOO_COMPLEX over the codes Apollo gives validation and parse errors; errors we did
 * not design are logged with the request id and masked (their detail never reaches the client, the id
 * does). Never throws (Apollo would answer a bare 500).
 */
export function createFormatError(
  logger: Logger,
  options: FormatErrorOptions = {},
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  const format = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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
    if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') {
      const limited = ownError(error, 'QUERY_TOO_COMPLEX');
      if (limited) {
        return { ...formatted, message: limited.message, extensions: { ...limited.extensions } };
      }
      const tokens = TOKENS.exec(formatted.message)?.[1];
      if (tokens) {
        return {
          message: `The query has more than ${tokens} tokens. Nothing was executed.`,
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' },
        };
      }
      // graphql-js's own guard against deeply nested introspection (fields { type { fields ... } }).
      if (formatted.message === 'Maximum introspection depth exceeded') {
        return {
          message: 'Maximum introspection depth exceeded. Nothing was executed.',
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' },
        };
      }
      if (formatted.extensions?.validationErrorCode === 'MAX_RECURSIVE_SELECTIONS_EXCEEDED') {
        return {
          message: `${formatted.message.replace(/\.$/, '')} (fragments expanded). Nothing was executed.`,
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'selections' },
        };
      }
    }
    if (code === 'GRAPHQL_VALIDATION_FAILED' && ownError(error, 'BAD_USER_INPUT')) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
    }
    const requestId = requestIdOf(error);
    const dataFailure = upstreamDataFailure(original, formatted);
    if (dataFailure) {
      logger.warn(
        { requestId, path: formatted.path, err: (original as Error).message },
        'upstream data broke the schema',
      );
      return { ...formatted, message: dataFailure, extensions: { code: 'UPSTREAM_ERROR' } };
    }
    if (code !== 'INTERNAL_SERVER_ERROR') return formatted;
    // Apollo's own refusals of a bad request (a malformed persisted-query extension) carry an HTTP 4xx
    // status but no code.
    const status = (original as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions
      ?.http?.status;
    if (original instanceof GraphQLError && typeof status === 'number' && status >= 400 && status < 500) {
      return { ...formatted, extensions: { code: 'BAD_REQUEST' } };
    }
    logger.error({ requestId, err: original, path: formatted.path }, 'unexpected error (masked)');
    return {
      message: `Internal server error${requestId ? ` (request id ${requestId})` : ''}.`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) },
    };
  };
  return (formatted, error) => {
    let result: GraphQLFormattedError;
    try {
      result = format(formatted, error);
    } catch (err) {
      logger.error({ err, requestId: requestIdOf(error) }, 'formatError failed');
      result = { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return options.hideSuggestions && result.message.includes('Did you mean')
      ? { ...result, message: result.message.replace(SUGGESTION, '') }
      : result;
  };
}
