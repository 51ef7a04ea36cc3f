/**
 * The only code that speaks HTTP to Archera: one undici Pool (keep-alive) to one origin, shared by every
 * GraphQL request. This file is the call loop: deadline, per-key slot, circuit breaker, attempts and
 * retries, logging. One exchange is exchange.ts; what an attempt's result means is outcome.ts (and the
 * tolerant reading of a 2xx is reader.ts). ArcheraClient (one per GraphQL request) only names endpoints
 * and arguments.
 *
 * Nothing here caches: every call goes upstream with its caller's key, whatever Cache-Control the upstream
 * sends (a `public` answer fetched with one key is never served to another).
 */
import { Pool, type Dispatcher } from 'undici';
import pino, { type Logger } from 'pino';
import { endpointNamed, type EndpointName, type UpstreamEndpoint } from './endpoints';
import { keyFingerprint } from '../tenant/fingerprint';
import { REDACT_PATHS } from '../tenant/secrets';
import {
  CircuitBreaker,
  DEFAULT_BREAKER_OPTIONS,
  type AttemptVerdict,
  type BreakerOptions,
  type BreakerState,
  type BreakerStateChange,
} from './breaker';
import { UpstreamError, type UpstreamErrorCode } from './errors';
import { exchange, type AttemptResult, type Headers } from './exchange';
import {
  buildQuery,
  errorCodeOf,
  fillPath,
  isValidHeaderValue,
  parseBaseUrl,
  type BaseUrl,
  type QueryValue,
} from './http';
import { DEFAULT_KEY_LIMITER_OPTIONS, KeyLimiter, type KeyLimiterOptions } from './limiter';
import { cancelledError, decide, type Decision, type TransportResponse } from './outcome';
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMING,
  RetryBudget,
  type RetryPolicy,
  type RetryTiming,
} from './retry';

export type { TransportResponse } from './outcome';

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
  /**
   * Sees every parsed 2xx body as it came, before anything is dropped (drift telemetry: it compares the
   * answer with its spec); undefined when the body was not JSON. Must not throw and must not keep the body.
   */
  observeAnswer?: (endpoint: EndpointName, body: unknown, headers: Headers) => void;
  /** Items of an answer dropped for lacking their identity (metrics). */
  onDropped?: (endpoint: EndpointName, count: number) => void;
}

export interface TransportRequest {
  endpoint: EndpointName;
  pathParams?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, QueryValue>>;
  /** Serialised as JSON. */
  body?: unknown;
  apiKey: string;
  /** keyFingerprint(apiKey), when the caller has it already; else worked out here. */
  keyFingerprint?: string;
  requestId?: string;
  /** POST only: sent as Idempotency-Key. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

const DEFAULT_CONNECTIONS = 32;
const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
const CLIENT_ERROR_CODES = new Set<UpstreamErrorCode>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
]);

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
  private readonly observeAnswer: ArcheraTransportOptions['observeAnswer'];
  private readonly onDropped: ArcheraTransportOptions['onDropped'];

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
    this.observeAnswer = options.observeAnswer;
    this.onDropped = options.onDropped;
    this.logger = (options.logger ?? pino({ level: 'silent' })).child(
      { component: 'archera-upstream' },
      { redact: { paths: [...REDACT_PATHS], censor: '[redacted]' } },
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

  /** State of the circuit breaker of the upstream origin (for tests; metrics follow onBreakerStateChange). */
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
    this.safely(() => this.onBreakerStateChange?.(change), 'onBreakerStateChange');
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  async send<T>(req: TransportRequest): Promise<TransportResponse<T>> {
    const def = endpointNamed(req.endpoint);
    if (!def) throw new TypeError(`Unknown Archera endpoint ${String(req.endpoint)}`);
    const headers = this.buildHeaders(def, req);
    const pathParams = req.pathParams ?? {};
    const filled = fillPath(def.path, pathParams);
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
    if (req.signal?.aborted) throw cancelledError(def, 0);

    this.budget.deposit();
    const breaker = this.breakerFor(this.base.origin);
    const fingerprint = req.keyFingerprint ?? keyFingerprint(req.apiKey);
    const observeAnswer = this.observeAnswer;
    const observe = observeAnswer
      ? (answer: unknown, headers: Headers) => this.safely(() => observeAnswer(def.name, answer, headers))
      : undefined;
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
      let result: AttemptResult;
      try {
        result = await exchange(this.dispatcher, {
          origin: this.base.origin,
          path,
          method: def.method,
          headers,
          body,
          signal: req.signal,
          timeoutMs: Math.max(1, Math.round(deadline - started)),
          maxResponseBytes: this.maxResponseBytes,
        });
      } finally {
        slot.release();
      }
      ticket.report(verdictOf(result));
      const finished = this.timing.now();
      const durationMs = Math.round((finished - started) * 10) / 10;
      const decision = decide<T>(result, {
        def,
        apiKey: req.apiKey,
        pathParams,
        query: req.query ?? {},
        attempt,
        // A retry needs time left for a useful attempt (a tenth of the timeout), a closed breaker, an
        // attempt left and a token of the retry budget.
        mayRetry: () =>
          deadline - finished > this.timeoutMs / 10 &&
          breaker.state() === 'closed' &&
          attempt < this.policy.maxAttempts &&
          this.budget.tryWithdraw(),
        policy: this.policy,
        random: this.timing.random,
        timeoutMs: this.timeoutMs,
        maxResponseBytes: this.maxResponseBytes,
        ...(observe ? { observe } : {}),
      });
      this.report(def, req, result, decision, attempt, durationMs);
      if (decision.kind === 'ok') {
        const dropped = decision.response.dropped;
        if (dropped > 0 && this.onDropped) this.safely(() => this.onDropped?.(def.name, dropped));
        return decision.response;
      }
      if (decision.kind === 'fail') throw decision.error;
      lastError = decision.error;
      const sleepStarted = this.timing.now();
      try {
        await this.timing.sleep(decision.delayMs, req.signal);
      } catch {
        throw cancelledError(def, attempt);
      }
      if (decision.honoursRetryAfter) deadline += this.timing.now() - sleepStarted;
    }
  }

  /** Hooks must not break a call: one that throws is logged as `archera <label> hook threw`. */
  private safely(hook: () => void, label = 'transport', fields: Record<string, unknown> = {}): void {
    try {
      hook();
    } catch (err) {
      this.logger.warn({ ...fields, err: errorCodeOf(err) }, `archera ${label} hook threw`);
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
    if (why === 'aborted') return cancelledError(def, attempts);
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
    this.safely(() => this.onCall?.(event), 'onCall', { endpoint: def.name });
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
