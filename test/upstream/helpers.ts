/** Shared setup for datasource unit tests: a MockAgent-backed transport with instant, recorded backoff. */
import { Writable } from 'node:stream';
import pino from 'pino';
import { MockAgent, type Interceptable } from 'undici';
import { ArcheraTransport, type ArcheraTransportOptions, type UpstreamCallEvent } from '../../src/upstream';
import { UpstreamError } from '../../src/upstream';

export const ORIGIN = 'https://archera.test';
export const ORG = '8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41';
export const PLAN = '0f6a3a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
export const KEY = 'sk-test-0123456789abcdef';

export interface Harness {
  agent: MockAgent;
  pool: Interceptable;
  transport: ArcheraTransport;
  /** Backoff sleeps requested by the transport, in ms (they resolve at once). */
  sleeps: number[];
  events: UpstreamCallEvent[];
  logs: () => string;
  close: () => Promise<void>;
}

export function harness(options: Partial<ArcheraTransportOptions> = {}): Harness {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const sleeps: number[] = [];
  const events: UpstreamCallEvent[] = [];
  let logText = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  const transport = new ArcheraTransport({
    baseUrl: ORIGIN,
    timeoutMs: 1000,
    dispatcher: agent,
    logger: pino({ level: 'debug' }, stream),
    onCall: (e) => events.push(e),
    ...options,
    timing: {
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...options.timing,
    },
  });
  return {
    agent,
    pool,
    transport,
    sleeps,
    events,
    logs: () => logText,
    close: async () => {
      await transport.close();
      await agent.close();
    },
  };
}

/** Runs a promise expected to reject with an UpstreamError and returns it. */
export async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('expected an UpstreamError, but the call succeeded');
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** A plan as the v1 spec describes it: every field the spec requires (the transport checks them). */
export const PLAN_BODY = {
  id: PLAN,
  name: 'Balanced',
  org_id: ORG,
  status: 'new',
  created_at: '2024-01-01T00:00:00Z',
  is_calculating: false,
  max_term: 'one_year',
  after_cost_hourly: 1,
  amortized_cost_hourly: 1,
  before_cost_hourly: 2,
  before_ondemand_cost_hourly: 2,
  before_reserved_cost_hourly: 0,
  breakeven_hours: 100,
  commitment_coverage: 0.5,
  covered_ondemand_cost_hourly: 1,
  fee_hourly: 0,
  minimum_commitment_cost: 0,
  monthly_savings: 730,
  recurring_cost_hourly: 1,
  savings_hourly: 1,
  total_cost_hourly: 1,
  total_monthly_before_cost: 1460,
  total_savings: 8760,
  upfront_cost_hourly: 0,
};

/** A purchase result with every field the v2 spec requires. */
export const PURCHASE_BODY = {
  purchase_id: 'p1',
  plan_id: 'plan_abc123',
  org_id: ORG,
  status: 'submitted',
  submitted_at: '2024-01-01T00:00:00Z',
  line_item_count: 3,
  upfront_cost: 0,
  monthly_cost: 100,
};
