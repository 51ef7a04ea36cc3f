/**
 * Error bodies exactly as the specs declare them: ApiErrorResponse {message, timestamp, type, code, url,
 * detail?} for most statuses, and the webargs-style Error {code, status, message, errors} for 422.
 */
import type { ApiErrorResponse, ValidationErrorResponse } from '../../upstream/types';

const TYPES: Record<number, [type: string, code: string, message: string]> = {
  400: ['BadRequest', 'bad_request', 'Bad request'],
  401: ['Unauthorized', 'unauthorized', 'Missing or invalid API key'],
  403: ['Forbidden', 'forbidden', 'You do not have access to this organization'],
  404: ['NotFound', 'not_found', 'Not found'],
  405: ['MethodNotAllowed', 'method_not_allowed', 'The method is not allowed for the requested URL.'],
  409: ['Conflict', 'conflict', 'Conflict'],
  422: [
    'UnprocessableEntity',
    'unprocessable_entity',
    'The request was well-formed but was unable to be followed due to semantic errors.',
  ],
  429: ['TooManyRequests', 'rate_limited', 'Too many requests, slow down'],
  500: ['InternalServerError', 'internal_error', 'Internal server error'],
  502: ['BadGateway', 'bad_gateway', 'Bad gateway'],
  503: ['ServiceUnavailable', 'service_unavailable', 'Service temporarily unavailable'],
  504: ['GatewayTimeout', 'gateway_timeout', 'Gateway timeout'],
};

export type ErrorLocation = 'query' | 'path' | 'json';
export type FieldErrors = Partial<Record<ErrorLocation, Record<string, string[]>>>;

/** Thrown by handlers and validators; the server turns it into the right body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message?: string,
    readonly options: { errors?: FieldErrors; detail?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message ?? TYPES[status]?.[2] ?? `HTTP ${status}`);
  }
}

export function apiErrorBody(
  status: number,
  message: string | undefined,
  url: string,
  detail?: unknown,
): ApiErrorResponse {
  const [type, code, fallback] = TYPES[status] ?? ['Error', `http_${status}`, `HTTP ${status}`];
  const body: ApiErrorResponse = {
    message: message ?? fallback,
    timestamp: new Date().toISOString(),
    type,
    code,
    url,
  };
  if (detail !== undefined) body.detail = detail;
  return body;
}

export function validationBody(errors: FieldErrors, message?: string): ValidationErrorResponse {
  return {
    code: 422,
    status: 'Unprocessable Entity',
    message: message ?? TYPES[422]?.[2] ?? 'Unprocessable Entity',
    errors,
  };
}

/** The body for any error status: Error for 422, ApiErrorResponse otherwise. */
export function errorBody(error: HttpError, url: string): ApiErrorResponse | ValidationErrorResponse {
  if (error.status === 422) return validationBody(error.options.errors ?? {}, error.message);
  return apiErrorBody(error.status, error.message, url, error.options.detail);
}
