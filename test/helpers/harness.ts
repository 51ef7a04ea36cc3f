/**
 * Integration harness: the real gateway over loopback, in front of the embedded simulator, which counts
 * every upstream call it receives.
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config/index';
import { startGateway, type Gateway } from '../../src/app/gateway';
import { createLogger } from '../../src/ops/logger';
import { startSimulator, type StartedSimulator } from '../../src/simulator';

export const DEMO_ORG = '8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41';
export const CHILD_ORG = '2b7e4f90-1c3d-4e5a-8b6f-7a9c0d1e2f33';
export const OTHER_ORG = 'd4a1c9e7-5b3f-4a2d-8e6c-1f0b9a7d3c55';

export interface GraphQLResponseBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface Harness {
  simulator: StartedSimulator;
  gateway: Gateway;
  /** POST /graphql with key `demo` unless headers say otherwise. */
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLResponseBody }>;
  close(): Promise<void>;
}

/** A fresh idempotency journal in the temp folder. */
export const tempJournal = (): string => path.join(tmpdir(), `archera-graphql-test-${randomUUID()}.journal`);

export interface HarnessOptions {
  logger?: Logger;
  /** Reuse a running simulator (e.g. to restart only the gateway). */
  simulator?: StartedSimulator;
}

export async function startHarness(
  overrides: Partial<Config> = {},
  options: HarnessOptions = {},
): Promise<Harness> {
  const simulator = options.simulator ?? (await startSimulator({ port: 0 }));
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    archeraApiUrl: simulator.url,
    idempotencyJournal: tempJournal(),
    // Upstream-call counts are what most tests assert: the shared response cache is tested on its own.
    responseCache: false,
    logLevel: 'silent',
    ...overrides,
  };
  const gateway = await startGateway(config, {
    host: '127.0.0.1',
    logger: options.logger ?? createLogger('silent'),
  });
  return {
    simulator,
    gateway,
    async graphql(query, variables, headers = { 'x-api-key': 'demo' }) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponseBody };
    },
    async close() {
      await gateway.stop();
      if (!options.simulator) await simulator.close();
    },
  };
}
