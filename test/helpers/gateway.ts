/**
 * The one way tests start a gateway in-process: the real thing (HTTP front, Apollo, transport) on loopback,
 * in front of a simulator that counts every upstream call it receives. Every option a test may need lives
 * here, so src/app never grows test-only switches.
 *
 * Defaults: port 0 on 127.0.0.1, a fresh idempotency journal, the shared response cache off (upstream-call
 * counts are what most tests assert; pass `config: { responseCache: true }` for it), logs silent.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { startGateway, type Gateway, type UpstreamOptions } from '../../src/app/gateway';
import { loadConfig, type Config } from '../../src/config/index';
import type { SecurityLimits } from '../../src/config/limits';
import { createLogger } from '../../src/ops/logger';
import { startSimulator, type StartedSimulator } from '../../src/simulator';

export const DEMO_ORG = '8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41';
export const CHILD_ORG = '2b7e4f90-1c3d-4e5a-8b6f-7a9c0d1e2f33';
export const OTHER_ORG = 'd4a1c9e7-5b3f-4a2d-8e6c-1f0b9a7d3c55';

/** The key requests carry unless a test passes its own headers. */
export const DEMO_KEY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'x-api-key': 'demo' });

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface Reply {
  status: number;
  headers: Headers;
  /** The body as received. */
  text: string;
  /** The body parsed as JSON ({} when it is not JSON, e.g. the landing page). */
  body: GraphQLResponseBody;
  /** Wall time of the request, ms. */
  ms: number;
}

export interface TestGatewayOptions {
  /** Over the defaults above (and loadConfig({})). */
  config?: Partial<Config>;
  /** Merged over the default limits and config.limits. */
  limits?: Partial<SecurityLimits>;
  /** Capture log lines from this level on (read them with logs() / logLines()). Default: silent. */
  log?: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** A logger of the test's own instead (its lines are not captured here). */
  logger?: Logger;
  /** Reuse a running simulator (close() leaves it running). */
  simulator?: StartedSimulator;
  /** Upstream URL instead of the simulator's (e.g. a tampering proxy in front of it). */
  upstreamUrl?: string;
  /** Transport seams: breaker, retries, per-key cap, an injected dispatcher, onCall, onBreakerStateChange. */
  upstream?: UpstreamOptions;
  tracer?: Tracer;
}

export interface TestGateway {
  gateway: Gateway;
  simulator: StartedSimulator;
  /** http://127.0.0.1:<port> */
  origin: string;
  /** POST /graphql as JSON, with DEMO_KEY_HEADERS unless `headers` is given (then exactly those). */
  graphql(
    query: string | undefined,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
    extensions?: Record<string, unknown>,
  ): Promise<Reply>;
  /** Any request to the gateway, path relative to its origin. */
  fetch(path: string, init?: RequestInit): Promise<Reply>;
  /** The /metrics text. */
  metrics(): Promise<string>;
  /** Everything logged so far, as written (JSON lines). */
  logs(): string;
  logLines(): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

/**
 * The hardening and fault suites' settings: every log line captured (debug: a secret must not reach even
 * those) and the shared response cache on, as in production; `options` on top.
 */
export function hardened(options: TestGatewayOptions = {}): TestGatewayOptions {
  return { log: 'debug', ...options, config: { responseCache: true, ...options.config } };
}

/** A fresh idempotency journal in the temp folder. */
export const tempJournal = (): string => path.join(tmpdir(), `archera-graphql-test-${randomUUID()}.journal`);

/** The codes of a reply's errors. */
export const codes = (r: Reply): string[] => (r.body.errors ?? []).map((e) => String(e.extensions?.code));

async function reply(res: Response, started: number): Promise<Reply> {
  const text = await res.text();
  let body: GraphQLResponseBody = {};
  try {
    body = JSON.parse(text) as GraphQLResponseBody;
  } catch {
    // Not JSON (the landing page, /metrics): tests look at `text`.
  }
  return { status: res.status, headers: res.headers, text, body, ms: performance.now() - started };
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const simulator = options.simulator ?? (await startSimulator({ port: 0 }));
  const level = options.log ?? 'silent';
  let logText = '';
  const logger =
    options.logger ??
    createLogger(
      level,
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logText += chunk.toString('utf8');
          done();
        },
      }),
    );
  const defaults = loadConfig({});
  const config: Config = {
    ...defaults,
    port: 0,
    archeraApiUrl: options.upstreamUrl ?? simulator.url,
    idempotencyJournal: tempJournal(),
    responseCache: false,
    logLevel: level,
    ...options.config,
    limits: { ...defaults.limits, ...options.config?.limits, ...options.limits },
  };
  let gateway: Gateway;
  try {
    gateway = await startGateway(config, {
      host: '127.0.0.1',
      logger,
      ...(options.upstream ? { upstream: options.upstream } : {}),
      ...(options.tracer ? { tracer: options.tracer } : {}),
    });
  } catch (err) {
    if (!options.simulator) await simulator.close();
    throw err;
  }
  const origin = `http://127.0.0.1:${gateway.port}`;
  return {
    gateway,
    simulator,
    origin,
    async graphql(query, variables, headers = { ...DEMO_KEY_HEADERS }, extensions) {
      const started = performance.now();
      const res = await fetch(`${origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables, ...(extensions ? { extensions } : {}) }),
      });
      return reply(res, started);
    },
    async fetch(pathname, init) {
      const started = performance.now();
      return reply(await fetch(`${origin}${pathname}`, init), started);
    },
    async metrics() {
      return (await fetch(`${origin}/metrics`)).text();
    },
    logs: () => logText,
    logLines: () =>
      logText
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    async close() {
      await gateway.stop();
      if (!options.simulator) await simulator.close();
    },
  };
}
