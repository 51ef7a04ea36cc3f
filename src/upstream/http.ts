/**
 * Small pure helpers for building upstream requests and reading answers: URL, query string, header value
 * checks, X-Pagination, upstream error messages, and classification of network errors.
 */
import { scrubSecret } from '../tenant/secrets';
import type { PaginationMetadata } from './types';

export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[] | null | undefined;

/** Same rule undici applies to header values (RFC 9110 field-value): tab, visible ASCII, obs-text. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

export function isValidHeaderValue(value: string): boolean {
  return HEADER_VALUE.test(value);
}

export interface BaseUrl {
  origin: string;
  /** Path prefix without a trailing slash ('' when none), e.g. '/archera' for https://proxy/archera/. */
  prefix: string;
}

export function parseBaseUrl(baseUrl: string): BaseUrl {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError('Archera base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Archera base URL must be http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new TypeError('Archera base URL must not carry credentials');
  if (url.search || url.hash) throw new TypeError('Archera base URL must not have a query or fragment');
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

/** One path segment; '.' and '..' are escaped too so no proxy or server can resolve them as navigation. */
export function encodePathSegment(value: string): string {
  if (value === '.' || value === '..') return value.replace(/\./g, '%2E');
  return encodeURIComponent(value);
}

/**
 * Fills `{name}` placeholders. Returns the name of the first missing or empty parameter instead of a path,
 * because an empty segment would silently address another endpoint (`/commitment-plans/` is a listing).
 */
export function fillPath(
  template: string,
  params: Readonly<Record<string, string>>,
): { path: string } | { missing: string } {
  let missing: string | undefined;
  const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      missing ??= name;
      return '';
    }
    return encodePathSegment(value);
  });
  return missing === undefined ? { path } : { missing };
}

/** Arrays become repeated parameters (`ids=a&ids=b`, OpenAPI form/explode); null and undefined are dropped. */
export function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value as readonly QueryScalar[]) params.append(name, String(item));
    } else {
      params.append(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const PAGINATION_KEYS = [
  'total',
  'total_pages',
  'first_page',
  'last_page',
  'page',
  'previous_page',
  'next_page',
] as const;

/** X-Pagination is JSON (v1 spec, components.headers.PAGINATION). Undefined when absent or malformed. */
export function parsePagination(header: string | string[] | undefined): PaginationMetadata | undefined {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const source = parsed as Record<string, unknown>;
  const result: PaginationMetadata = {};
  let known = 0;
  for (const key of PAGINATION_KEYS) {
    const value = source[key];
    // Absent or null (e.g. no next page) is fine; anything else must be a whole number.
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return undefined;
    result[key] = value;
    known += 1;
  }
  return known > 0 ? result : undefined;
}

const MAX_UPSTREAM_MESSAGE = 500;

/**
 * The upstream's own message from an error body (ApiErrorResponse.message, Error.message, or a string
 * `detail`), followed by the per-field messages of a 422 (`errors: {query: {page_size: ["…"]}}`, where the
 * useful part of a validation error is), with the caller's API key scrubbed in case the upstream echoes it.
 */
export function extractUpstreamMessage(body: Buffer, apiKey: string): string | undefined {
  if (body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const record = parsed as Record<string, unknown>;
  const candidate = [record['message'], record['detail'], record['error']].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const fields = fieldErrors(record['errors']);
  const text = [candidate, fields].filter((t) => t !== undefined && t !== '').join(': ');
  if (text === '') return undefined;
  const scrubbed = scrubSecret(text, apiKey);
  return scrubbed.length > MAX_UPSTREAM_MESSAGE ? `${scrubbed.slice(0, MAX_UPSTREAM_MESSAGE)}…` : scrubbed;
}

/** webargs-style `{location: {field: [messages]}}` (or `{field: [messages]}`) as 'location.field: message; …'. */
function fieldErrors(errors: unknown, prefix = '', depth = 0): string {
  if (typeof errors !== 'object' || errors === null || depth > 3) return '';
  const parts: string[] = [];
  for (const [name, value] of Object.entries(errors as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') parts.push(`${path}: ${value}`);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      parts.push(`${path}: ${value.join(' ')}`);
    else {
      const nested = fieldErrors(value, path, depth + 1);
      if (nested) parts.push(nested);
    }
  }
  return parts.join('; ');
}

/**
 * What a failed attempt (no usable HTTP answer) means for safety:
 * - 'local': undici refused the request itself (bad argument, transport closed): nothing sent, never retried;
 * - 'not-sent': nothing reached the upstream (refused, DNS, connect timeout): a GET may be retried, and a POST
 *   is safe to report as a plain failure;
 * - 'connection': the connection broke after it was open: a GET may be retried, a POST's outcome is unknown;
 * - 'other': anything unrecognised: never retried, and for a POST treated as an unknown outcome.
 */
export type NetworkFailure = 'local' | 'not-sent' | 'connection' | 'other';

const LOCAL_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_CLOSED', 'UND_ERR_NOT_SUPPORTED']);

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export function errorCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects can fail with an AggregateError whose members carry the codes.
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const innerCode = errorCodeOf(inner);
      if (innerCode !== undefined) return innerCode;
    }
  }
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err ? errorCodeOf(cause) : undefined;
}

export function classifyNetworkError(err: unknown): NetworkFailure {
  const code = errorCodeOf(err);
  if (code === undefined) return 'other';
  if (LOCAL_CODES.has(code)) return 'local';
  if (NOT_SENT_CODES.has(code)) return 'not-sent';
  if (CONNECTION_CODES.has(code)) return 'connection';
  return 'other';
}

/** undici's own timeouts (backstops behind our per-attempt timer). */
export function isUndiciTimeout(err: unknown): boolean {
  const code = errorCodeOf(err);
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}
