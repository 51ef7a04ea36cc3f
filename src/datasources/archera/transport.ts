/**
 * The only code that speaks HTTP to Archera: one undici Pool (keep-alive) to one origin, shared by every
 * GraphQL request. It owns timeouts, retries, the retry budget, the circuit breaker, the per-key cap on
 * calls in flight, response parsing and checking, error mapping and call logging; ArcheraClient (one per
 * GraphQL request) only names endpoints and arguments.
 *
 * Nothing here caches: every call goes upstream with its caller's key, whatever Cache-Control the upstream
 * sends (a `public` answer fetched with one key is never served to another).
 */
import { Pool, type Dispatcher } from 'undici';
import pino, { type Logger } from 'pino';
import { UPSTREAM_ENDPOINTS, type EndpointName, type UpstreamEndpoint } from '../../upstream/endpoints';
import type { PaginationMetadata } from '../../upstream/types';
import { keyFingerprint } from '../../idempotency/fingerprint';
import {
  CircuitBreaker,
  DEFAULT_BREAKER_OPTIONS,
  type AttemptVerdict,
  type BreakerOptions,
  type BreakerState,
  type BreakerStateChange,
} from './breaker';
import { UpstreamError, codeForStatus, statusMessage, type UpstreamErrorCode } from './errors';
import {
  buildQuery,
  classifyNetworkError,
  errorCodeOf,
  extractUpstreamMessage,
  fillPath,
  isUndiciTimeout,
  isValidHeaderValue,
  parseBaseUrl,
  parsePagination,
  type BaseUrl,
  type NetworkFailure,
  type QueryValue,
} from './http';
import { DEFAULT_KEY_LIMITER_OPTIONS, KeyLimiter, type KeyLimiterOptions } from './key-limiter';
import { missingRequiredField } from './required-fields';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMING,
  RetryBudget,
  backoffDelayMs,
  parseRetryAfter,
  type RetryPolicy,
  type RetryTiming,
} from './retry';

/** One HTTP attempt, for metrics (onCall) — emitted once per attempt, retries included. */
export interface UpstreamCallEvent {
  endpoint: EndpointName;
  method: 'GET' | 'POST';
  /** HTTP status, when the upstream answered. */
  status?: number;
  /** Set when the attempt failed: the code it maps to. */
  errorCode?: UpstreamErrorCode;
  durationMs: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** True when this attempt failed and another attempt follows it. */
  retried: boolean;
}

export interface ArcheraTransportOptions {
  /** e.g. https://api.archera.ai, or a proxy with a path prefix (https://proxy.internal/archera). */
  baseUrl: string;
  /** Per attempt, covering connect, headers and the whole body. */
  timeoutMs: number;
  /** Keep-alive connections of the Pool created when no dispatcher is given. Default 32. */
  connections?: number;
  /** Tests inject a MockAgent (or a shared Pool/Agent); it is not closed by close(). */
  dispatcher?: Dispatcher;
  retry?: Partial<RetryPolicy>;
  timing?: Partial<RetryTiming>;
  logger?: Logger;
  onCall?: (event: UpstreamCallEvent) => void;
  /** Largest successful body read (a commitments page may hold 10 000 rows). Default 50 MiB. */
  maxResponseBytes?: number;
  /** Circuit breaker per upstream origin (default: opens after 5 consecutive failures, probes after 5 s). */
  breaker?: Partial<BreakerOptions>;
  /** Called when a breaker changes state (for a metric or a log line); must not throw. */
  onBreakerStateChange?: (change: BreakerStateChange) => void;
  /** Upstream calls in flight per API key (default 32, with 512 more waiting). */
  keyLimits?: Partial<KeyLimiterOptions>;
}

export interface TransportRequest {
  endpoint: EndpointName;
  pathParams?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  /** Serialised as JSON. */
  body?: unknown;
  apiKey: string;
  requestId?: string;
  /** POST only: sent as Idempotency-Key. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Shape the 2xx JSON body must have; anything else is an UPSTREAM_ERROR (OUTCOME_UNKNOWN for a POST). */
  expect?: 'object' | 'array';
  /** 204 No Content is a valid answer (body null); otherwise a 204 is a malformed answer. */
  allowNoContent?: boolean;
}

export interface TransportResponse<T> {
  status: number;
  /** null for 204. */
  body: T | null;
  /** Set for endpoints declared paginated (from X-Pagination); required there. */
  pagination?: PaginationMetadata;
  attempts: number;
}

const DEFAULT_CONNECTIONS = 32;
const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
/** Error bodies are only read for their message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const CLIENT_ERROR_CODES = new Set<UpstreamErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
]);

/** Defensive: nothing we log carries headers or the key, but a future log line must not leak them either. */
const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  'headers',
  '*.headers',
  '["x-api-key"]',
  '*["x-api-key"]',
  '*.*["x-api-key"]',
];

const ENDPOINTS = new Map<EndpointName, UpstreamEndpoint>(UPSTREAM_ENDPOINTS.map((e) => [e.name, e]));

type FailureCause = NetworkFailure | 'timeout' | 'cancelled' | 'too-large';

type AttemptResult =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
  | {
      kind: 'failure';
      cause: FailureCause;
      netCode?: string;
      /** Set when headers arrived before the body failed. */
      status?: number;
      headers?: Record<string, string | string[] | undefined>;
    };

/** Per attempt: whether a failure of this attempt may still be retried (deadline and breaker allow it). */
interface AttemptContext {
  attempt: number;
  retryAllowed: boolean;
  /** This attempt's own timer (the call's remaining time). */
  timeoutMs: number;
}

type Decision<T> =
  | { kind: 'ok'; response: TransportResponse<T> }
  | { kind: 'retry'; error: UpstreamError; delayMs: number; honoursRetryAfter?: boolean }
  | { kind: 'fail'; error: UpstreamError };

class BodyTooLargeError extends Error {}

/** Reads a body up to `limit` bytes; past it, fails (or, with truncate, keeps what it has). */
async function readBody(
  body: Dispatcher.ResponseData['body'],
  limit: number,
  truncate: boolean,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    if (size + chunk.length > limit) {
      // Destroying releases the socket instead of draining an unbounded body.
      body.destroy();
      if (!truncate) throw new BodyTooLargeError();
      chunks.push(chunk.subarray(0, limit - size));
      size = limit;
      break;
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks, size);
}

/**
 * What an attempt says about the upstream's health, for the breaker: a 5xx or no usable answer is a
 * failure; any other answer (2xx, 4xx, 429) shows it alive; a cancelled or locally refused call says nothing.
 */
function verdictOf(result: AttemptResult): AttemptVerdict {
  if (result.kind === 'response') return result.status >= 500 ? 'failure' : 'success';
  switch (result.cause) {
    case 'cancelled':
    case 'local':
    case 'too-large':
      return 'neutral';
    default:
      return 'failure';
  }
}

export class ArcheraTransport {
  private readonly base: BaseUrl;
  private readonly timeoutMs: number;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly policy: RetryPolicy;
  private readonly timing: RetryTiming;
  private readonly budget: RetryBudget;
  private readonly logger: Logger;
  private readonly onCall: ((event: UpstreamCallEvent) => void) | undefined;
  private readonly maxResponseBytes: number;
  private readonly breakerOptions: BreakerOptions;
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly onBreakerStateChange: ((change: BreakerStateChange) => void) | undefined;
  private readonly keyLimiter: KeyLimiter;

  constructor(options: ArcheraTransportOptions) {
    if (!Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new TypeError('Archera timeoutMs must be a positive number');
    }
    this.base = parseBaseUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.policy.maxAttempts = Math.max(1, Math.floor(this.policy.maxAttempts));
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.budget = new RetryBudget(this.policy, () => this.timing.now());
    this.onCall = options.onCall;
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.breakerOptions = { ...DEFAULT_BREAKER_OPTIONS, ...options.breaker };
    this.onBreakerStateChange = options.onBreakerStateChange;
    this.keyLimiter = new KeyLimiter({ ...DEFAULT_KEY_LIMITER_OPTIONS, ...options.keyLimits });
    this.logger = (options.logger ?? pino({ level: 'silent' })).child(
      { component: 'archera-upstream' },
      { redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    );
    if (options.dispatcher) {
      this.dispatcher = options.dispatcher;
      this.ownsDispatcher = false;
    } else {
      // undici's own timeouts are backstops only: the per-attempt timer below fires first.
      const backstop = this.timeoutMs + 1000;
      this.dispatcher = new Pool(this.base.origin, {
        connections: options.connections ?? DEFAULT_CONNECTIONS,
        headersTimeout: backstop,
        bodyTimeout: backstop,
        connect: { timeout: Math.min(this.timeoutMs, 10_000) },
      });
      this.ownsDispatcher = true;
    }
  }

  /** Tokens left in the retry budget (for tests and metrics). */
  retryBudgetAvailable(): number {
    return this.budget.available();
  }

  /** State of the circuit breaker of the upstream origin (for /readyz and metrics). */
  breakerState(): BreakerState {
    return this.breakerFor(this.base.origin).state();
  }

  /** Upstream calls in flight for this API key (for tests and metrics). */
  inFlightFor(apiKey: string): number {
    return this.keyLimiter.inFlight(keyFingerprint(apiKey));
  }

  private breakerFor(origin: string): CircuitBreaker {
    let breaker = this.breakers.get(origin);
    if (!breaker) {
      breaker = new CircuitBreaker(
        origin,
        this.breakerOptions,
        () => this.timing.now(),
        (change) => this.breakerChanged(change),
      );
      this.breakers.set(origin, breaker);
    }
    return breaker;
  }

  private breakerChanged(change: BreakerStateChange): void {
    const fields = { origin: change.origin, state: change.state, previous: change.previous };
    if (change.state === 'open') {
      this.logger.warn(
        { ...fields, openMs: this.breakerOptions.openMs },
        'archera circuit breaker opened: calls fail fast until a probe succeeds',
      );
    } else {
      this.logger.info(fields, `archera circuit breaker ${change.state}`);
    }
    try {
      this.onBreakerStateChange?.(change);
    } catch (err) {
      this.logger.warn({ err: errorCodeOf(err) }, 'archera onBreakerStateChange hook threw');
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  async send<T>(req: TransportRequest): Promise<TransportResponse<T>> {
    const def = ENDPOINTS.get(req.endpoint);
    if (!def) throw new TypeError(`Unknown Archera endpoint ${String(req.endpoint)}`);
    const headers = this.buildHeaders(def, req);
    const filled = fillPath(def.path, req.pathParams ?? {});
    if ('missing' in filled) {
      throw new UpstreamError({
        code: 'BAD_USER_INPUT',
        endpoint: def.name,
        attempts: 0,
        message: `Archera ${def.name}: ${filled.missing} must not be empty`,
      });
    }
    const path = `${this.base.prefix}${filled.path}${buildQuery(req.query)}`;
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (req.signal?.aborted) throw this.cancelled(def, 0);

    this.budget.deposit();
    const breaker = this.breakerFor(this.base.origin);
    const fingerprint = keyFingerprint(req.apiKey);
    // The call's time: attempts, backoff and waiting for a slot share ARCHERA_TIMEOUT_MS, so a hung upstream
    // is answered within it whatever happened before. A Retry-After the upstream asked us to honour is
    // waited on top (it is not upstream slowness), within maxRetryAfterSeconds.
    let deadline = this.timing.now() + this.timeoutMs;
    let lastError: UpstreamError | undefined;
    for (let attempt = 1; ; attempt++) {
      const sent = attempt - 1;
      if (breaker.state() === 'open') throw this.breakerOpen(def, breaker, sent, lastError);
      const slot = await this.keyLimiter.acquire(
        fingerprint,
        Math.max(0, deadline - this.timing.now()),
        req.signal,
      );
      if (slot.kind !== 'admitted') throw this.noSlot(def, slot.kind, sent, lastError);
      const ticket = breaker.tryAcquire();
      if (!ticket) {
        slot.release();
        throw this.breakerOpen(def, breaker, sent, lastError);
      }
      const started = this.timing.now();
      const ctx: AttemptContext = {
        attempt,
        timeoutMs: Math.max(1, Math.round(deadline - started)),
        retryAllowed: false,
      };
      let result: AttemptResult;
      try {
        result = await this.attempt(def, path, headers, body, req.signal, ctx.timeoutMs);
      } finally {
        slot.release();
      }
      ticket.report(verdictOf(result));
      const finished = this.timing.now();
      const durationMs = Math.round((finished - started) * 10) / 10;
      // A retry needs time left for a useful attempt (a tenth of the timeout) and a closed breaker.
      ctx.retryAllowed = deadline - finished > this.timeoutMs / 10 && breaker.state() === 'closed';
      const decision = this.decide<T>(def, req, result, ctx);
      this.report(def, req, result, decision, attempt, durationMs);
      if (decision.kind === 'ok') return decision.response;
      if (decision.kind === 'fail') throw decision.error;
      lastError = decision.error;
      const sleepStarted = this.timing.now();
      try {
        await this.timing.sleep(decision.delayMs, req.signal);
      } catch {
        throw this.cancelled(def, attempt);
      }
      if (decision.honoursRetryAfter) deadline += this.timing.now() - sleepStarted;
    }
  }

  /** Fail fast: the breaker is open (or its one probe is out). Nothing more is sent. */
  private breakerOpen(
    def: UpstreamEndpoint,
    breaker: CircuitBreaker,
    attempts: number,
    lastError: UpstreamError | undefined,
  ): UpstreamError {
    const retryAfterSeconds = Math.max(1, Math.ceil(breaker.retryInMs() / 1000));
    const last = lastError ? ` (last answer: ${lastError.message})` : '';
    this.logger.debug({ endpoint: def.name, attempts }, 'archera call refused: circuit open');
    return new UpstreamError({
      code: 'UPSTREAM_ERROR',
      endpoint: def.name,
      attempts,
      retryAfterSeconds,
      ...(lastError?.status !== undefined ? { status: lastError.status } : {}),
      message: `Archera ${def.name}: Archera is failing (circuit breaker open after repeated failures); the call was not sent, retry in about ${retryAfterSeconds} s${last}`,
    });
  }

  /** The key's cap on calls in flight left no slot in time. Nothing was sent by this attempt. */
  private noSlot(
    def: UpstreamEndpoint,
    why: 'queue-full' | 'timeout' | 'aborted',
    attempts: number,
    lastError: UpstreamError | undefined,
  ): UpstreamError {
    if (why === 'aborted') return this.cancelled(def, attempts);
    if (why === 'timeout') {
      return lastError?.code === 'UPSTREAM_TIMEOUT'
        ? lastError
        : new UpstreamError({
            code: 'UPSTREAM_TIMEOUT',
            endpoint: def.name,
            attempts,
            message: `Archera ${def.name}: no answer within ${this.timeoutMs} ms (waiting behind this API key's other upstream calls)`,
          });
    }
    return new UpstreamError({
      code: 'RATE_LIMITED',
      endpoint: def.name,
      attempts,
      retryAfterSeconds: 1,
      message: `Archera ${def.name}: too many upstream calls in flight for this API key; the call was not sent`,
    });
  }

  private buildHeaders(def: UpstreamEndpoint, req: TransportRequest): Record<string, string> {
    const fail = (code: UpstreamErrorCode, message: string): UpstreamError =>
      new UpstreamError({
        code,
        endpoint: def.name,
        attempts: 0,
        message: `Archera ${def.name}: ${message}`,
      });
    // Checked here because undici would otherwise reject the header with the value in its error text.
    if (req.apiKey === '') throw fail('UNAUTHENTICATED', 'no API key');
    if (!isValidHeaderValue(req.apiKey)) {
      throw fail('UNAUTHENTICATED', 'API key contains characters not allowed in an HTTP header');
    }
    const headers: Record<string, string> = { 'x-api-key': req.apiKey, accept: 'application/json' };
    // A bad request id is ours to drop, not a reason to fail the call.
    if (req.requestId && isValidHeaderValue(req.requestId)) headers['x-request-id'] = req.requestId;
    if (def.method === 'POST' && req.idempotencyKey !== undefined) {
      if (req.idempotencyKey === '' || !isValidHeaderValue(req.idempotencyKey)) {
        throw fail(
          'BAD_USER_INPUT',
          'idempotency key is empty or contains characters not allowed in an HTTP header',
        );
      }
      headers['idempotency-key'] = req.idempotencyKey;
    }
    return headers;
  }

  /** One HTTP exchange under its own timer; never throws. The body is always read or destroyed. */
  private async attempt(
    def: UpstreamEndpoint,
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('Archera request timed out'));
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    let status: number | undefined;
    let responseHeaders: Record<string, string | string[] | undefined> | undefined;
    let responseBody: Dispatcher.ResponseData['body'] | undefined;
    try {
      const res = await this.dispatcher.request({
        origin: this.base.origin,
        path,
        method: def.method,
        headers,
        body: body ?? null,
        signal: controller.signal,
      });
      status = res.statusCode;
      responseHeaders = res.headers;
      responseBody = res.body;
      const ok = status >= 200 && status < 300;
      const buffer = await readBody(res.body, ok ? this.maxResponseBytes : MAX_ERROR_BODY_BYTES, !ok);
      return { kind: 'response', status, headers: res.headers, body: buffer };
    } catch (err) {
      responseBody?.destroy();
      let cause: FailureCause;
      if (timedOut || isUndiciTimeout(err)) cause = 'timeout';
      else if (callerSignal?.aborted) cause = 'cancelled';
      else if (err instanceof BodyTooLargeError) cause = 'too-large';
      else cause = classifyNetworkError(err);
      const netCode = errorCodeOf(err);
      return {
        kind: 'failure',
        cause,
        ...(netCode !== undefined ? { netCode } : {}),
        ...(status !== undefined ? { status } : {}),
        ...(responseHeaders !== undefined ? { headers: responseHeaders } : {}),
      };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private decide<T>(
    def: UpstreamEndpoint,
    req: TransportRequest,
    result: AttemptResult,
    ctx: AttemptContext,
  ): Decision<T> {
    const isPost = def.method === 'POST';
    const attempt = ctx.attempt;
    if (result.kind === 'failure') {
      // Headers said non-2xx but the body broke: the status is what matters.
      if (result.status !== undefined && (result.status < 200 || result.status >= 300)) {
        return this.decideStatus(def, req, result.status, result.headers ?? {}, Buffer.alloc(0), ctx);
      }
      return isPost ? this.decidePostFailure(def, result, attempt) : this.decideGetFailure(def, result, ctx);
    }
    if (result.status >= 200 && result.status < 300) return this.decideSuccess<T>(def, req, result, attempt);
    return this.decideStatus(def, req, result.status, result.headers, result.body, ctx);
  }

  private decideSuccess<T>(
    def: UpstreamEndpoint,
    req: TransportRequest,
    result: Extract<AttemptResult, { kind: 'response' }>,
    attempt: number,
  ): Decision<T> {
    const malformed = (what: string): Decision<T> => {
      // A 2xx POST was carried out upstream even if we cannot read its answer: say so, never "failed".
      if (def.method === 'POST') {
        return this.fail(def, 'OUTCOME_UNKNOWN', attempt, {
          status: result.status,
          message: `Archera ${def.name} accepted the request (${result.status}) but ${what}; the outcome is unknown and it was not resent`,
        });
      }
      return this.fail(def, 'UPSTREAM_ERROR', attempt, {
        status: result.status,
        message: `Archera ${def.name} answered ${result.status} but ${what}`,
      });
    };
    let body: unknown = null;
    if (result.status === 204) {
      if (!req.allowNoContent) return malformed('with no content where a body was expected');
    } else {
      try {
        body = JSON.parse(result.body.toString('utf8'));
      } catch {
        return malformed('its body is not valid JSON');
      }
      if (req.expect === 'array' && !Array.isArray(body)) return malformed('its body is not a JSON array');
      if (req.expect === 'object' && (typeof body !== 'object' || body === null || Array.isArray(body))) {
        return malformed('its body is not a JSON object');
      }
      const missing = missingRequiredField(def.name, body);
      if (missing !== undefined) return malformed(`its body lacks ${missing}, which the API spec requires`);
    }
    const response: TransportResponse<T> = {
      status: result.status,
      body: body as T | null,
      attempts: attempt,
    };
    if (def.paginated) {
      const pagination = parsePagination(result.headers['x-pagination']);
      if (!pagination) return malformed('its X-Pagination header is missing or invalid');
      response.pagination = pagination;
    }
    return { kind: 'ok', response };
  }

  private decideStatus<T>(
    def: UpstreamEndpoint,
    req: TransportRequest,
    status: number,
    headers: Record<string, string | string[] | undefined>,
    body: Buffer,
    ctx: AttemptContext,
  ): Decision<T> {
    const attempt = ctx.attempt;
    const retryAfter = parseRetryAfter(headers['retry-after']);
    const upstreamMessage =
      status >= 400 && status < 500 ? extractUpstreamMessage(body, req.apiKey) : undefined;
    const code = codeForStatus(status);
    const final = (attempts: number, retryAfterSeconds?: number): UpstreamError => {
      let message = statusMessage(def.name, status, attempts, upstreamMessage);
      if (retryAfterSeconds !== undefined) message += `; retry after ${retryAfterSeconds} s`;
      return this.error(def, code, attempts, {
        status,
        message,
        ...(upstreamMessage !== undefined ? { upstreamMessage } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
    };
    if (!RETRYABLE_STATUSES.has(status)) return { kind: 'fail', error: final(attempt) };
    // The caller always gets a number to wait for a 429; 1 s when the upstream gave none.
    const advertised = status === 429 ? (retryAfter ?? 1) : retryAfter;
    // Not worth waiting for inside a GraphQL request: fail now and let the client back off.
    if (retryAfter !== undefined && retryAfter > this.policy.maxRetryAfterSeconds) {
      return { kind: 'fail', error: final(attempt, advertised) };
    }
    if (def.method === 'POST' || !this.mayRetry(ctx))
      return { kind: 'fail', error: final(attempt, advertised) };
    if (retryAfter !== undefined && retryAfter > 0) {
      return {
        kind: 'retry',
        error: final(attempt, advertised),
        delayMs: retryAfter * 1000,
        honoursRetryAfter: true,
      };
    }
    const delayMs = backoffDelayMs(this.policy, attempt, this.timing.random);
    return { kind: 'retry', error: final(attempt, advertised), delayMs };
  }

  private decideGetFailure<T>(
    def: UpstreamEndpoint,
    result: Extract<AttemptResult, { kind: 'failure' }>,
    ctx: AttemptContext,
  ): Decision<T> {
    const attempt = ctx.attempt;
    const net = result.netCode ? ` (${result.netCode})` : '';
    switch (result.cause) {
      case 'timeout':
        // Not retried: a slow upstream does not get faster for being asked again, and a retry would
        // double the caller's wait past ARCHERA_TIMEOUT_MS.
        return this.fail(def, 'UPSTREAM_TIMEOUT', attempt, {
          message: `Archera ${def.name} did not answer within ${this.timeoutMs} ms`,
        });
      case 'cancelled':
        return { kind: 'fail', error: this.cancelled(def, attempt) };
      case 'too-large':
        return this.fail(def, 'UPSTREAM_ERROR', attempt, {
          message: `Archera ${def.name} answered with a body larger than ${this.maxResponseBytes} bytes`,
        });
      case 'not-sent':
      case 'connection': {
        const what =
          result.cause === 'not-sent' ? 'could not connect to Archera' : 'the connection to Archera was lost';
        const tries = attempt > 1 ? ` after ${attempt} attempts` : '';
        const error = this.error(def, 'UPSTREAM_ERROR', attempt, {
          message: `Archera ${def.name}: ${what}${net}${tries}`,
        });
        if (!this.mayRetry(ctx)) return { kind: 'fail', error };
        return { kind: 'retry', error, delayMs: backoffDelayMs(this.policy, attempt, this.timing.random) };
      }
      case 'local':
      case 'other':
        return this.fail(def, 'UPSTREAM_ERROR', attempt, {
          message: `Archera ${def.name}: the request failed${net}`,
        });
    }
  }

  /** POSTs are never retried: whatever broke after the request may have left, the outcome is unknown. */
  private decidePostFailure<T>(
    def: UpstreamEndpoint,
    result: Extract<AttemptResult, { kind: 'failure' }>,
    attempt: number,
  ): Decision<T> {
    const net = result.netCode ? ` (${result.netCode})` : '';
    if (result.cause === 'not-sent' || result.cause === 'local') {
      return this.fail(def, 'UPSTREAM_ERROR', attempt, {
        message: `Archera ${def.name}: could not send the request${net}; nothing was sent`,
      });
    }
    const why: Record<Exclude<FailureCause, 'not-sent' | 'local'>, string> = {
      timeout: `no answer within ${this.timeoutMs} ms`,
      cancelled: 'the call was cancelled',
      'too-large': 'the answer was too large to read',
      connection: `the connection was lost${net}`,
      other: `the request failed${net}`,
    };
    return this.fail(def, 'OUTCOME_UNKNOWN', attempt, {
      ...(result.status !== undefined ? { status: result.status } : {}),
      message: `Archera ${def.name}: ${why[result.cause]} after the request may have been sent; the outcome is unknown and it was not resent`,
    });
  }

  private mayRetry(ctx: AttemptContext): boolean {
    return ctx.retryAllowed && ctx.attempt < this.policy.maxAttempts && this.budget.tryWithdraw();
  }

  private error(
    def: UpstreamEndpoint,
    code: UpstreamErrorCode,
    attempts: number,
    extra: { message: string; status?: number; retryAfterSeconds?: number; upstreamMessage?: string },
  ): UpstreamError {
    return new UpstreamError({ code, endpoint: def.name, attempts, ...extra });
  }

  private fail<T>(
    def: UpstreamEndpoint,
    code: UpstreamErrorCode,
    attempts: number,
    extra: { message: string; status?: number },
  ): Decision<T> {
    return { kind: 'fail', error: this.error(def, code, attempts, extra) };
  }

  private cancelled(def: UpstreamEndpoint, attempts: number): UpstreamError {
    return new UpstreamError({
      code: 'UPSTREAM_ERROR',
      endpoint: def.name,
      attempts,
      message: `Archera ${def.name}: the call was cancelled`,
    });
  }

  private report<T>(
    def: UpstreamEndpoint,
    req: TransportRequest,
    result: AttemptResult,
    decision: Decision<T>,
    attempt: number,
    durationMs: number,
  ): void {
    const status = result.status;
    const errorCode = decision.kind === 'ok' ? undefined : decision.error.code;
    const event: UpstreamCallEvent = {
      endpoint: def.name,
      method: def.method,
      durationMs,
      attempt,
      retried: decision.kind === 'retry',
      ...(status !== undefined ? { status } : {}),
      ...(errorCode !== undefined ? { errorCode } : {}),
    };
    try {
      this.onCall?.(event);
    } catch (err) {
      this.logger.warn({ endpoint: def.name, err: errorCodeOf(err) }, 'archera onCall hook threw');
    }
    const fields = {
      endpoint: def.name,
      method: def.method,
      status,
      durationMs,
      attempt,
      requestId: req.requestId,
      errorCode,
      netCode: result.kind === 'failure' ? result.netCode : undefined,
    };
    if (decision.kind === 'ok') this.logger.debug(fields, 'archera call');
    else if (decision.kind === 'retry')
      this.logger.warn({ ...fields, retryInMs: decision.delayMs }, 'archera call failed; retrying');
    else if (CLIENT_ERROR_CODES.has(decision.error.code)) this.logger.debug(fields, 'archera call refused');
    else this.logger.warn({ ...fields, error: decision.error.message }, 'archera call failed');
  }
}
