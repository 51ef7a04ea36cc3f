/**
 * A gateway over loopback in front of its own simulator, with the GatewayOptions the operations tests need
 * (tracer, metrics, logger), and a few HTTP helpers.
 */
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config/index';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/app/gateway';
import { createLogger } from '../../src/ops/logger';
import { startSimulator, type StartedSimulator } from '../../src/simulator';
import { tempJournal, type GraphQLResponseBody } from '../helpers/harness';

export interface OpsGateway {
  gateway: Gateway;
  simulator: StartedSimulator;
  /** http://127.0.0.1:<port> */
  base: string;
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; body: GraphQLResponseBody }>;
  close(): Promise<void>;
}

export async function startOpsGateway(
  options: GatewayOptions = {},
  overrides: Partial<Config> = {},
): Promise<OpsGateway> {
  const simulator = await startSimulator({ port: 0 });
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    archeraApiUrl: simulator.url,
    idempotencyJournal: tempJournal(),
    responseCache: false,
    logLevel: 'silent',
    ...overrides,
  };
  const gateway = await startGateway(config, {
    host: '127.0.0.1',
    logger: createLogger('silent'),
    ...options,
  });
  const base = `http://127.0.0.1:${gateway.port}`;
  return {
    gateway,
    simulator,
    base,
    async graphql(query, variables, headers = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'demo', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, headers: res.headers, body: (await res.json()) as GraphQLResponseBody };
    },
    async close() {
      await gateway.stop();
      await simulator.close();
    },
  };
}

/** A pino destination that keeps every JSON line. */
export function captureLogs(): { stream: Writable; lines(): Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
