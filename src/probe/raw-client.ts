/**
 * The probe's HTTP: GET only, raw answers (status, headers, text), a few calls at a time, a timer per call,
 * one time budget for the whole run, and a short retry on 429/502/503/504. The API key travels in the
 * x-api-key header and nowhere else: no error, log line or result carries it.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import { UPSTREAM_ENDPOINTS, type EndpointName, type UpstreamEndpoint } from '../upstream/endpoints';
import {
  buildQuery,
  errorCodeOf,
  fillPath,
  isUndiciTimeout,
  parseBaseUrl,
  type BaseUrl,
  type QueryValue,
} from '../upstream/http';

export interface RawClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Calls in flight at once. */
  concurrency: number;
  /** Per attempt: connect, headers and body. */
  timeoutMs: number;
  /** Epoch ms after which no call starts (the run's time budget). */
  deadline: number;
  /** Largest body read; larger answers are cut and reported as a failure. */
  maxBodyBytes?: number;
}

export interface RawCall {
  endpoint: EndpointName;
  requestId: string;
  /** The final answer's status; absent when no answer came (see failure). */
  status?: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Statuses of earlier attempts that were retried (429, 503, …). */
  retried: number[];
  /** Why there is no usable answer: 'timeout', 'network error (ECONNREFUSED)', 'body too large', … */
  failure?: string;
  /** Not sent: the run's time budget was spent. */
  skipped?: boolean;
  durationMs: number;
}

export interface GetRequest {
  endpoint: EndpointName;
  path: Record<string, string>;
  query?: Record<string, QueryValue>;
}

const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_ATTEMPTS = 3;
const MAX_RETRY_WAIT_MS = 10_000;
const DEFAULT_MAX_BODY_BYTES = 50 * 1024 * 1024;
const ENDPOINTS = new Map<EndpointName, UpstreamEndpoint>(UPSTREAM_ENDPOINTS.map((e) => [e.name, e]));

class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RawClient {
  private readonly base: BaseUrl;
  private readonly pool: Pool;
  private readonly limiter: Semaphore;
  private readonly runId = randomBytes(4).toString('hex');
  private sequence = 0;

  constructor(private readonly options: RawClientOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.limiter = new Semaphore(Math.max(1, options.concurrency));
    this.pool = new Pool(this.base.origin, {
      connections: Math.max(1, options.concurrency),
      headersTimeout: options.timeoutMs + 1000,
      bodyTimeout: options.timeoutMs + 1000,
      connect: { timeout: Math.min(options.timeoutMs, 10_000) },
    });
  }

  /** Where the calls go (origin and path prefix), for the report. Never carries credentials. */
  describe(): string {
    return `${this.base.origin}${this.base.prefix}`;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  get(req: GetRequest): Promise<RawCall> {
    const def = ENDPOINTS.get(req.endpoint);
    if (!def || def.method !== 'GET')
      throw new TypeError(`the probe only sends GETs, not ${String(req.endpoint)}`);
    const requestId = `probe-${this.runId}-${++this.sequence}`;
    const filled = fillPath(def.path, req.path);
    if ('missing' in filled) throw new TypeError(`${def.name}: path parameter ${filled.missing} missing`);
    const path = `${this.base.prefix}${filled.path}${buildQuery(req.query)}`;
    return this.limiter.run(() => this.send(def, path, requestId));
  }

  private async send(def: UpstreamEndpoint, path: string, requestId: string): Promise<RawCall> {
    const started = Date.now();
    const result: RawCall = {
      endpoint: def.name,
      requestId,
      headers: {},
      text: '',
      retried: [],
      durationMs: 0,
    };
    for (let attempt = 1; ; attempt++) {
      if (Date.now() >= this.options.deadline) {
        result.skipped = true;
        result.failure = 'not sent: time budget spent';
        break;
      }
      const answer = await this.attempt(path, requestId);
      result.status = answer.status;
      result.headers = answer.headers;
      result.text = answer.text;
      if (answer.failure !== undefined) result.failure = answer.failure;
      else delete result.failure;
      const status = answer.status;
      if (status === undefined || !RETRYABLE.has(status) || attempt >= MAX_ATTEMPTS) break;
      const retryAfter = Number(answer.headers['retry-after']);
      const waitMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 500 * 2 ** attempt;
      if (waitMs > MAX_RETRY_WAIT_MS || Date.now() + waitMs >= this.options.deadline) break;
      result.retried.push(status);
      await sleep(waitMs);
    }
    result.durationMs = Date.now() - started;
    return result;
  }

  private async attempt(
    path: string,
    requestId: string,
  ): Promise<Pick<RawCall, 'status' | 'headers' | 'text' | 'failure'>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    let status: number | undefined;
    let headers: RawCall['headers'] = {};
    try {
      const res = await this.pool.request({
        path,
        method: 'GET',
        headers: { 'x-api-key': this.options.apiKey, accept: 'application/json', 'x-request-id': requestId },
        signal: controller.signal,
      });
      status = res.statusCode;
      headers = res.headers;
      const limit = this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > limit) {
          res.body.destroy();
          return { status, headers, text: '', failure: `body larger than ${limit} bytes` };
        }
        chunks.push(chunk);
      }
      return { status, headers, text: Buffer.concat(chunks).toString('utf8') };
    } catch (err) {
      // Only the error's code is kept: messages of some clients quote request headers.
      const code = errorCodeOf(err);
      const failure =
        timedOut || isUndiciTimeout(err)
          ? `timeout after ${this.options.timeoutMs} ms`
          : `network error${code ? ` (${code})` : ''}`;
      return { ...(status !== undefined ? { status } : {}), headers, text: '', failure };
    } finally {
      clearTimeout(timer);
    }
  }
}
