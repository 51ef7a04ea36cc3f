/**
 * Prometheus metrics (prom-client), one registry per gateway so several gateways in one process (tests)
 * never collide. Every label has a small, bounded set of values: operation names are capped and checked,
 * upstream labels come from the fixed endpoint list, and nothing a client sends verbatim (query text,
 * headers, keys) ever becomes a label.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { UpstreamCacheEvents } from '../upstream/cache/upstream-cache';
import type { UpstreamCallEvent } from '../upstream';
import type { EndpointName } from '../upstream/endpoints';
import {
  REDIS_STATES,
  type RedisFailureReason,
  type RedisState,
  type RedisUse,
} from '../stores/guarded-redis';

export const METRIC_PREFIX = 'archera_graphql_';

/** Operation names kept as label values; later new names are reported as `other`. */
export const MAX_OPERATION_LABELS = 200;
/** What a label value may look like: a GraphQL name, not too long. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** Request latency (seconds): sub-10 ms cached answers up to the upstream timeout and beyond. */
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Upstream call latency (seconds). */
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';
export type CircuitState = 'closed' | 'half-open' | 'open';
const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'half-open', 'open'];

/**
 * Bounds the `operation` label: `anonymous` for an unnamed operation, `unknown` when no operation was
 * resolved (parse or validation failure, unknown operationName), `other` once MAX_OPERATION_LABELS
 * distinct names have been seen.
 */
export class OperationLabels {
  private readonly known = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_LABELS) {}

  label(resolved: boolean, name: string | null | undefined): string {
    if (!resolved) return 'unknown';
    if (name === null || name === undefined || name === '') return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'unknown';
    if (this.known.has(name)) return name;
    if (this.known.size >= this.max) return 'other';
    this.known.add(name);
    return name;
  }
}

/** One (operation, type)'s request series: prom-client label children, made once. */
export interface RequestSeries {
  success: { inc(): void };
  error: { inc(): void };
  duration: { observe(seconds: number): void };
  /** errors_total by code (codes are bounded by errorCodeLabel's shape). */
  errors: Map<string, { inc(): void }>;
  operation: string;
}

export interface MetricsOptions {
  /** Node.js process metrics (CPU, memory, event loop lag, GC). Default true. */
  processMetrics?: boolean;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly operations = new OperationLabels();

  private readonly requests: Counter<'operation' | 'type' | 'result'>;
  private readonly requestDuration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'operation' | 'code'>;
  private readonly upstreamRequests: Counter<'endpoint' | 'method' | 'status' | 'code'>;
  private readonly upstreamDuration: Histogram<'endpoint' | 'method'>;
  private readonly upstreamRetries: Counter<'endpoint' | 'code'>;
  private readonly circuitState: Gauge<'state'>;
  private readonly cacheRequests: Counter<'cache' | 'endpoint' | 'result'>;
  private readonly upstreamDrift: Counter<'endpoint' | 'kind' | 'field'>;
  private readonly upstreamDropped: Counter<'endpoint'>;
  private readonly subscriptionPolls: Counter<'kind' | 'result'>;
  private readonly redisState: Gauge<'state'>;
  private readonly redisFailures: Counter<'use' | 'reason'>;
  private readonly idempotencyWritesLost: Counter;
  /** Label children by their label values (all bounded), so the hot path never builds label objects. */
  private readonly requestSeriesByLabels = new Map<string, RequestSeries>();
  private readonly upstreamSeries = new Map<
    string,
    { requests: { inc(): void }; duration: { observe(seconds: number): void } }
  >();

  constructor(options: MetricsOptions = {}) {
    const registers = [this.registry];
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: `${METRIC_PREFIX}requests_total`,
      help: 'GraphQL requests, by operation name (bounded), operation type and result (success: no errors; error: at least one error, partial data included).',
      labelNames: ['operation', 'type', 'result'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: `${METRIC_PREFIX}request_duration_seconds`,
      help: 'GraphQL request latency from the start of Apollo processing to the response, by operation.',
      labelNames: ['operation', 'type'],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: `${METRIC_PREFIX}errors_total`,
      help: 'Errors in GraphQL responses, by operation and extensions.code.',
      labelNames: ['operation', 'code'],
      registers,
    });
    this.upstreamRequests = new Counter({
      name: `${METRIC_PREFIX}upstream_requests_total`,
      help: 'HTTP attempts to the Archera API (retries included), by endpoint, method, HTTP status ("none" when no answer) and resulting code ("OK" on success).',
      labelNames: ['endpoint', 'method', 'status', 'code'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: `${METRIC_PREFIX}upstream_request_duration_seconds`,
      help: 'Latency of one HTTP attempt to the Archera API, by endpoint.',
      labelNames: ['endpoint', 'method'],
      buckets: UPSTREAM_BUCKETS,
      registers,
    });
    this.upstreamRetries = new Counter({
      name: `${METRIC_PREFIX}upstream_retries_total`,
      help: 'Upstream attempts that failed and were retried, by endpoint and the code of the failed attempt.',
      labelNames: ['endpoint', 'code'],
      registers,
    });
    this.circuitState = new Gauge({
      name: `${METRIC_PREFIX}upstream_circuit_state`,
      help: 'State of the circuit breaker in front of the Archera API: 1 for the current state, 0 for the others.',
      labelNames: ['state'],
      registers,
    });
    this.cacheRequests = new Counter({
      name: `${METRIC_PREFIX}cache_requests_total`,
      help: 'Lookups in the shared upstream response cache (cache="upstream"), by endpoint and result: hit (fresh answer from the cache), coalesced (shared an identical call in flight), miss (called upstream).',
      labelNames: ['cache', 'endpoint', 'result'],
      registers,
    });
    this.upstreamDrift = new Counter({
      name: `${METRIC_PREFIX}upstream_drift_total`,
      help: "Deviations of Archera's answers from our specs (openapi/), by endpoint, kind (missing, null, type, enum_value, unknown_field, body) and field path. Zero against a faithful upstream.",
      labelNames: ['endpoint', 'kind', 'field'],
      registers,
    });
    this.upstreamDropped = new Counter({
      name: `${METRIC_PREFIX}upstream_items_dropped_total`,
      help: 'Items of upstream lists left out of answers because they lacked their identity (id), by endpoint.',
      labelNames: ['endpoint'],
      registers,
    });
    this.subscriptionPolls = new Counter({
      name: `${METRIC_PREFIX}subscription_polls_total`,
      help: 'Upstream reads of the pollers behind subscriptions, by kind (commitmentPlan, partnerPlan) and result (changed, unchanged, error).',
      labelNames: ['kind', 'result'],
      registers,
    });
    this.redisState = new Gauge({
      name: `${METRIC_PREFIX}redis_state`,
      help: 'State of the shared Redis connection (REDIS_URL): 1 for the current state (connecting, up, failing: recent commands failed, open: breaker open, nothing sent), 0 for the others. Absent without REDIS_URL.',
      labelNames: ['state'],
      registers,
    });
    this.redisFailures = new Counter({
      name: `${METRIC_PREFIX}redis_command_failures_total`,
      help: 'Redis calls that failed, by use (cache, persisted-queries, idempotency, readiness, probe, config) and reason (timeout: past its deadline; connection; reply: Redis answered an error; unavailable: not sent, breaker open or not connected).',
      labelNames: ['use', 'reason'],
      registers,
    });
    this.idempotencyWritesLost = new Counter({
      name: `${METRIC_PREFIX}idempotency_writes_lost_total`,
      help: 'Idempotency writes after a POST (outcomes, releases) given up after retrying while the store was unavailable: replays of those keys answer OUTCOME_UNKNOWN.',
      registers,
    });
    this.setCircuitState('closed');
  }

  /** One read of a subscription poller. */
  observePoll(kind: string, result: 'changed' | 'unchanged' | 'error'): void {
    this.subscriptionPolls.inc({ kind, result });
  }

  setRedisState(state: RedisState): void {
    for (const s of REDIS_STATES) this.redisState.set({ state: s }, s === state ? 1 : 0);
  }

  observeRedisFailure(use: RedisUse, reason: RedisFailureReason): void {
    this.redisFailures.inc({ use, reason });
  }

  observeIdempotencyWriteLost(): void {
    this.idempotencyWritesLost.inc();
  }

  /** One deviation of an upstream answer from its spec (labels are bounded by the drift checker). */
  observeDrift(endpoint: EndpointName, kind: string, field: string): void {
    this.upstreamDrift.inc({ endpoint, kind, field });
  }

  /** Items of an upstream answer dropped for lacking their identity. */
  observeDropped(endpoint: EndpointName, count: number): void {
    this.upstreamDropped.inc({ endpoint }, count);
  }

  /** Prometheus text exposition of every metric. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** The series of an operation label and type (the request plugin keeps it with the parsed operation). */
  requestSeries(operation: string, type: OperationType): RequestSeries {
    const key = `${type}:${operation}`;
    let series = this.requestSeriesByLabels.get(key);
    if (!series) {
      series = {
        success: this.requests.labels({ operation, type, result: 'success' }),
        error: this.requests.labels({ operation, type, result: 'error' }),
        duration: this.requestDuration.labels({ operation, type }),
        errors: new Map(),
        operation,
      };
      this.requestSeriesByLabels.set(key, series);
    }
    return series;
  }

  /** One GraphQL request of a series: count, latency, and each error by its code. */
  observeSeries(series: RequestSeries, durationSeconds: number, errorCodes: readonly string[]): void {
    (errorCodes.length ? series.error : series.success).inc();
    series.duration.observe(durationSeconds);
    for (const code of errorCodes) {
      let errors = series.errors.get(code);
      if (!errors) {
        errors = this.errors.labels({ operation: series.operation, code });
        series.errors.set(code, errors);
      }
      errors.inc();
    }
  }

  /** A request refused before any operation ran (e.g. no API key). */
  observeRefusedRequest(code: string): void {
    this.requests.inc({ operation: 'unknown', type: 'unknown', result: 'error' });
    this.errors.inc({ operation: 'unknown', code });
  }

  /** One upstream HTTP attempt (the transport's onCall hook). */
  observeUpstreamCall(event: UpstreamCallEvent): void {
    const { endpoint, method } = event;
    const status = event.status === undefined ? 'none' : String(event.status);
    const code = event.errorCode ?? 'OK';
    // Endpoints, methods, statuses and codes are all bounded sets.
    const key = `${endpoint} ${method} ${status} ${code}`;
    let series = this.upstreamSeries.get(key);
    if (!series) {
      series = {
        requests: this.upstreamRequests.labels({ endpoint, method, status, code }),
        duration: this.upstreamDuration.labels({ endpoint, method }),
      };
      this.upstreamSeries.set(key, series);
    }
    series.requests.inc();
    series.duration.observe(event.durationMs / 1000);
    if (event.retried)
      this.upstreamRetries.inc({ endpoint: event.endpoint, code: event.errorCode ?? 'UNKNOWN' });
  }

  setCircuitState(state: CircuitState): void {
    for (const s of CIRCUIT_STATES) this.circuitState.set({ state: s }, s === state ? 1 : 0);
  }

  /** Hooks for the shared upstream response cache (src/cache/upstream-cache.ts), chained with `also`. */
  upstreamCacheEvents(also: UpstreamCacheEvents = {}): Required<UpstreamCacheEvents> {
    const count =
      (result: string, next: ((endpoint: EndpointName) => void) | undefined) => (endpoint: EndpointName) => {
        this.cacheRequests.inc({ cache: 'upstream', endpoint, result });
        next?.(endpoint);
      };
    return {
      onHit: count('hit', also.onHit?.bind(also)),
      onMiss: count('miss', also.onMiss?.bind(also)),
      onCoalesced: count('coalesced', also.onCoalesced?.bind(also)),
    };
  }

  /** A gauge read at scrape time (e.g. the retry budget, requests in flight). */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({
      name: `${METRIC_PREFIX}${name}`,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}

/** Only codes that look like our stable codes become label values; anything else is INTERNAL. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,49}$/.test(code) ? code : 'INTERNAL_SERVER_ERROR';
}
