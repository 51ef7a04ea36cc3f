/**
 * The one error type the Archera datasource throws. Its `code` is the contract the GraphQL layer maps to
 * `extensions.code` (README, "Errors"); everything else here is detail for logs and extensions.
 */
import type { EndpointName } from './endpoints';

export const UPSTREAM_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_ERROR',
  'UPSTREAM_TIMEOUT',
  'OUTCOME_UNKNOWN',
] as const;

export type UpstreamErrorCode = (typeof UPSTREAM_ERROR_CODES)[number];

export interface UpstreamErrorInit {
  code: UpstreamErrorCode;
  endpoint: EndpointName;
  message: string;
  /** How many HTTP attempts were made (0 when the call failed before anything was sent). */
  attempts: number;
  status?: number;
  retryAfterSeconds?: number;
  upstreamMessage?: string;
}

export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;
  readonly endpoint: EndpointName;
  readonly attempts: number;
  /** HTTP status of the last upstream answer, when there was one. */
  readonly status?: number;
  /** For RATE_LIMITED (and a 503 whose Retry-After was too long to wait for): seconds to wait. */
  readonly retryAfterSeconds?: number;
  /** The upstream's own message (400/409/422), with the API key scrubbed out. */
  readonly upstreamMessage?: string;

  constructor(init: UpstreamErrorInit) {
    super(init.message);
    this.name = 'UpstreamError';
    this.code = init.code;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts;
    if (init.status !== undefined) this.status = init.status;
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.upstreamMessage !== undefined) this.upstreamMessage = init.upstreamMessage;
  }
}

export function isUpstreamError(e: unknown): e is UpstreamError {
  return e instanceof UpstreamError;
}

/** Error code for a final (not retried, or retries exhausted) HTTP status. 2xx never gets here. */
export function codeForStatus(status: number): UpstreamErrorCode {
  switch (status) {
    case 400:
    case 422:
      return 'BAD_USER_INPUT';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 429:
      return 'RATE_LIMITED';
    default:
      // 5xx, 3xx (redirects are not followed), and any other status the specs do not describe.
      return 'UPSTREAM_ERROR';
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'bad request',
  401: 'the API key was rejected',
  403: 'the API key may not access this resource',
  404: 'not found',
  409: 'conflict',
  422: 'the request was rejected as invalid',
  429: 'rate limited',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

/** A human message for an HTTP failure; the upstream message (already scrubbed) is appended when known. */
export function statusMessage(
  endpoint: EndpointName,
  status: number,
  attempts: number,
  upstreamMessage?: string,
): string {
  const what = STATUS_TEXT[status] ?? 'unexpected status';
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const detail = upstreamMessage ? `: ${upstreamMessage}` : '';
  return `Archera ${endpoint} answered ${status} (${what})${tries}${detail}`;
}
