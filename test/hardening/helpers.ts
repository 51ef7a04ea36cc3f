/**
 * The real gateway (HTTP front, Apollo, transport) on loopback in front of the simulator, with its log
 * output captured (debug level), limits and upstream resilience settings adjustable per test.
 */
import { Writable } from 'node:stream';
import { startGateway, type Gateway, type GatewayOptions, type UpstreamOptions } from '../../src/app/gateway';
import { loadConfig, type Config } from '../../src/config/index';
import { createLogger } from '../../src/ops/logger';
import { DEFAULT_LIMITS, type SecurityLimits } from '../../src/config/limits';
import { startSimulator, type StartedSimulator } from '../../src/simulator';
import { tempJournal, type GraphQLResponseBody } from '../helpers/harness';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: GraphQLResponseBody;
  ms: number;
}

export interface GatewayUnderTest {
  gateway: Gateway;
  simulator: StartedSimulator;
  /** Everything logged so far (JSON lines). */
  logs(): string;
  /** POST /graphql as JSON, with key `demo` unless headers say otherwise. */
  post(
    query: string | undefined,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
    extensions?: Record<string, unknown>,
  ): Promise<Reply>;
  /** Any request to the gateway (path relative to its origin). */
  fetch(path: string, init?: RequestInit): Promise<Reply>;
  close(): Promise<void>;
}

export interface UnderTestOptions {
  config?: Partial<Config>;
  limits?: Partial<SecurityLimits>;
  upstream?: GatewayOptions['upstream'];
  /** Reuse a simulator (not closed by close()). */
  simulator?: StartedSimulator;
  /** Upstream URL instead of the simulator's (e.g. a tampering proxy in front of it). */
  upstreamUrl?: string;
  dispatcher?: UpstreamOptions['dispatcher'];
  onUpstreamCall?: UpstreamOptions['onCall'];
}

async function reply(res: Response, started: number): Promise<Reply> {
  const text = await res.text();
  let body: GraphQLResponseBody = {};
  try {
    body = JSON.parse(text) as GraphQLResponseBody;
  } catch {
    // Not JSON (the landing page): tests look at `text`.
  }
  return { status: res.status, headers: res.headers, text, body, ms: performance.now() - started };
}

export async function startUnderTest(options: UnderTestOptions = {}): Promise<GatewayUnderTest> {
  const simulator = options.simulator ?? (await startSimulator({ port: 0 }));
  let logText = '';
  const logger = createLogger(
    'debug',
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logText += chunk.toString();
        cb();
      },
    }),
  );
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    archeraApiUrl: options.upstreamUrl ?? simulator.url,
    idempotencyJournal: tempJournal(),
    logLevel: 'debug',
    ...options.config,
    limits: { ...DEFAULT_LIMITS, ...options.config?.limits, ...options.limits },
  };
  const gateway = await startGateway(config, {
    host: '127.0.0.1',
    logger,
    upstream: {
      ...options.upstream,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.onUpstreamCall ? { onCall: options.onUpstreamCall } : {}),
    },
  });
  const origin = gateway.url.replace(/\/graphql$/, '');
  return {
    gateway,
    simulator,
    logs: () => logText,
    async post(query, variables, headers = { 'x-api-key': 'demo' }, extensions) {
      const started = performance.now();
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables, ...(extensions ? { extensions } : {}) }),
      });
      return reply(res, started);
    },
    async fetch(path, init) {
      const started = performance.now();
      return reply(await fetch(`${origin}${path}`, init), started);
    },
    async close() {
      await gateway.stop();
      if (!options.simulator) await simulator.close();
    },
  };
}

/** The codes of a reply's errors. */
export const codes = (r: Reply): string[] => (r.body.errors ?? []).map((e) => String(e.extensions?.code));
