/**
 * What one attempt's result means, as a pure decision: a response to pass on, a retry after a delay, or a
 * final error with its stable code (errors.ts). Only idempotent GETs are ever retried; a POST that may
 * have left is OUTCOME_UNKNOWN, and a 2xx to a POST is a success whatever its body.
 */
import type { UpstreamEndpoint } from './endpoints';
import { UpstreamError, codeForStatus, statusMessage, type UpstreamErrorCode } from './errors';
import type { AttemptResult, FailureCause, Headers } from './exchange';
import { extractUpstreamMessage } from './http';
import { readAnswer } from './reader';
import { backoffDelayMs, parseRetryAfter, type RetryPolicy } from './retry';
import type { PaginationMetadata } from './types';

export interface TransportResponse<T> {
  status: number;
  /** null for 204, and for a POST's answer that could not be read. */
  body: T | null;
  /** Set for 'page' endpoints (from X-Pagination); required there. */
  pagination?: PaginationMetadata;
  attempts: number;
  /** Items dropped for lacking their identity. */
  dropped: number;
}

export type Decision<T> =
  | { kind: 'ok'; response: TransportResponse<T> }
  | { kind: 'retry'; error: UpstreamError; delayMs: number; honoursRetryAfter?: boolean }
  | { kind: 'fail'; error: UpstreamError };

export interface OutcomeContext {
  def: UpstreamEndpoint;
  /** The caller's key: scrubbed from upstream messages. */
  apiKey: string;
  pathParams: Readonly<Record<string, string>>;
  query: Readonly<Record<string, unknown>>;
  /** 1 for the first attempt. */
  attempt: number;
  /** Whether a retry is possible at all (time left, breaker closed, attempts and budget left). */
  mayRetry: () => boolean;
  policy: RetryPolicy;
  random: () => number;
  /** The call's timeout and largest body, for messages. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Sees every parsed 2xx body (drift telemetry). */
  observe?: (body: unknown, headers: Headers) => void;
}

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

function failure<T>(
  ctx: OutcomeContext,
  code: UpstreamErrorCode,
  message: string,
  status?: number,
): Decision<T> {
  return {
    kind: 'fail',
    error: new UpstreamError({
      code,
      endpoint: ctx.def.name,
      attempts: ctx.attempt,
      message,
      ...(status !== undefined ? { status } : {}),
    }),
  };
}

export function cancelledError(def: UpstreamEndpoint, attempts: number): UpstreamError {
  return new UpstreamError({
    code: 'UPSTREAM_ERROR',
    endpoint: def.name,
    attempts,
    message: `Archera ${def.name}: the call was cancelled`,
  });
}

export function decide<T>(result: AttemptResult, ctx: OutcomeContext): Decision<T> {
  if (result.kind === 'failure') {
    // Headers said non-2xx but the body broke: the status is what matters.
    if (result.status !== undefined && (result.status < 200 || result.status >= 300)) {
      return decideStatus(result.status, result.headers ?? {}, Buffer.alloc(0), ctx);
    }
    // A 2xx to a POST was carried out, even if its body then broke: a success, read as far as it went.
    if (result.status !== undefined && ctx.def.method === 'POST') {
      return {
        kind: 'ok',
        response: { status: result.status, body: null, attempts: ctx.attempt, dropped: 0 },
      };
    }
    return ctx.def.method === 'POST' ? decidePostFailure(result, ctx) : decideGetFailure(result, ctx);
  }
  if (result.status >= 200 && result.status < 300) return decideSuccess<T>(result, ctx);
  return decideStatus(result.status, result.headers, result.body, ctx);
}

function decideSuccess<T>(
  result: Extract<AttemptResult, { kind: 'response' }>,
  ctx: OutcomeContext,
): Decision<T> {
  const read = readAnswer(
    ctx.def,
    result.status,
    result.headers,
    result.body,
    { pathParams: ctx.pathParams, query: ctx.query },
    ctx.observe,
  );
  if (!read.ok) {
    return failure(
      ctx,
      'UPSTREAM_ERROR',
      `Archera ${ctx.def.name} answered ${result.status} but ${read.why}`,
      result.status,
    );
  }
  const response: TransportResponse<T> = {
    status: result.status,
    body: read.body as T | null,
    attempts: ctx.attempt,
    dropped: read.dropped,
  };
  if (read.pagination) response.pagination = read.pagination;
  return { kind: 'ok', response };
}

function decideStatus<T>(status: number, headers: Headers, body: Buffer, ctx: OutcomeContext): Decision<T> {
  const { def, attempt } = ctx;
  const retryAfter = parseRetryAfter(headers['retry-after']);
  const upstreamMessage =
    status >= 400 && status < 500 ? extractUpstreamMessage(body, ctx.apiKey) : undefined;
  const code = codeForStatus(status);
  const final = (retryAfterSeconds?: number): UpstreamError => {
    let message = statusMessage(def.name, status, attempt, upstreamMessage);
    if (retryAfterSeconds !== undefined) message += `; retry after ${retryAfterSeconds} s`;
    return new UpstreamError({
      code,
      endpoint: def.name,
      attempts: attempt,
      status,
      message,
      ...(upstreamMessage !== undefined ? { upstreamMessage } : {}),
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  };
  if (!RETRYABLE_STATUSES.has(status)) return { kind: 'fail', error: final() };
  // The caller always gets a number to wait for a 429; 1 s when the upstream gave none.
  const advertised = status === 429 ? (retryAfter ?? 1) : retryAfter;
  // Not worth waiting for inside a GraphQL request: fail now and let the client back off.
  if (retryAfter !== undefined && retryAfter > ctx.policy.maxRetryAfterSeconds) {
    return { kind: 'fail', error: final(advertised) };
  }
  if (def.method === 'POST' || !ctx.mayRetry()) return { kind: 'fail', error: final(advertised) };
  if (retryAfter !== undefined && retryAfter > 0) {
    return { kind: 'retry', error: final(advertised), delayMs: retryAfter * 1000, honoursRetryAfter: true };
  }
  return {
    kind: 'retry',
    error: final(advertised),
    delayMs: backoffDelayMs(ctx.policy, attempt, ctx.random),
  };
}

function decideGetFailure<T>(
  result: Extract<AttemptResult, { kind: 'failure' }>,
  ctx: OutcomeContext,
): Decision<T> {
  const { def, attempt } = ctx;
  const net = result.netCode ? ` (${result.netCode})` : '';
  switch (result.cause) {
    case 'timeout':
      // Not retried: a slow upstream does not get faster for being asked again, and a retry would
      // double the caller's wait past ARCHERA_TIMEOUT_MS.
      return failure(
        ctx,
        'UPSTREAM_TIMEOUT',
        `Archera ${def.name} did not answer within ${ctx.timeoutMs} ms`,
      );
    case 'cancelled':
      return { kind: 'fail', error: cancelledError(def, attempt) };
    case 'too-large':
      return failure(
        ctx,
        'UPSTREAM_ERROR',
        `Archera ${def.name} answered with a body larger than ${ctx.maxResponseBytes} bytes`,
      );
    case 'not-sent':
    case 'connection': {
      const what =
        result.cause === 'not-sent' ? 'could not connect to Archera' : 'the connection to Archera was lost';
      const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
      const error = new UpstreamError({
        code: 'UPSTREAM_ERROR',
        endpoint: def.name,
        attempts: attempt,
        message: `Archera ${def.name}: ${what}${net}${tries}`,
      });
      if (!ctx.mayRetry()) return { kind: 'fail', error };
      return { kind: 'retry', error, delayMs: backoffDelayMs(ctx.policy, attempt, ctx.random) };
    }
    case 'local':
    case 'other':
      return failure(ctx, 'UPSTREAM_ERROR', `Archera ${def.name}: the request failed${net}`);
  }
}

/** POSTs are never retried: whatever broke after the request may have left, the outcome is unknown. */
function decidePostFailure<T>(
  result: Extract<AttemptResult, { kind: 'failure' }>,
  ctx: OutcomeContext,
): Decision<T> {
  const { def } = ctx;
  const net = result.netCode ? ` (${result.netCode})` : '';
  if (result.cause === 'not-sent' || result.cause === 'local') {
    return failure(
      ctx,
      'UPSTREAM_ERROR',
      `Archera ${def.name}: could not send the request${net}; nothing was sent`,
    );
  }
  const why: Record<Exclude<FailureCause, 'not-sent' | 'local'>, string> = {
    timeout: `no answer within ${ctx.timeoutMs} ms`,
    cancelled: 'the call was cancelled',
    'too-large': 'the answer was too large to read',
    connection: `the connection was lost${net}`,
    other: `the request failed${net}`,
  };
  return failure(
    ctx,
    'OUTCOME_UNKNOWN',
    `Archera ${def.name}: ${why[result.cause]} after the request may have been sent; the outcome is unknown and it was not resent`,
    result.status,
  );
}
