/**
 * The fault-injection suite (`npm run test:faults`, also part of `npm test`): the real server (HTTP front,
 * Apollo, transport) against the simulator over loopback, with faults injected upstream: 5xx bursts, 429
 * with Retry-After, responses slower than the timeout, connection resets, truncated and non-JSON bodies,
 * answers missing fields the spec requires, the upstream going down and coming back, the shared Redis hung,
 * killed and restarted (a real redis-server), the idempotency journal on a full disk, and a soak of mixed
 * queries under concurrency. Prints one summary line: faults injected, requests served.
 */
import { Rng } from '../../src/simulator/data/prng';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import v8 from 'node:v8';
import { startSimulator, FIXTURES, type StartedSimulator } from '../../src/simulator';
import {
  CHILD_ORG,
  codes,
  DEMO_ORG,
  hardened,
  startTestGateway,
  type Reply,
  type TestGateway,
} from '../helpers/gateway';
import { startControlledRedis, type ControlledRedis } from '../helpers/redis';
import { FaultTally } from './tally';

const TIMEOUT_MS = 1000;
const SECRET_KEY = 'sk-live-soak-3b9f0c7e21d84a6f';
const OPEN_MS = 300;
const PLAN = FIXTURES.balancedPlan.planId;
/** Codes a response may carry (README "Errors" and the request-level ones). */
const KNOWN_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'CONFLICT',
  'RATE_LIMITED',
  'UPSTREAM_ERROR',
  'UPSTREAM_TIMEOUT',
  'QUERY_TOO_COMPLEX',
]);

let simulator: StartedSimulator;
let g: TestGateway;
const tally = new FaultTally(() => simulator);
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
const started = performance.now();

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  simulator = await startSimulator({ port: 0 });
  g = await gateway();
});

afterAll(async () => {
  tally.settle();
  await g.close();
  await simulator.close();
  process.off('unhandledRejection', onUnhandled);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`\n${tally.summary(`${unhandled.length} unhandled rejections, ${seconds} s`)}\n\n`);
});

/** The shared response cache is off: each fault must reach the transport, not be masked by a cached answer. */
function gateway(limits = {}): Promise<TestGateway> {
  return startTestGateway(
    hardened({
      simulator,
      config: { archeraTimeoutMs: TIMEOUT_MS, enablePurchases: true, responseCache: false },
      // A budget the soak cannot exhaust: its own tests cover it.
      limits: { costBudgetPerMinute: 10_000_000, ...limits },
      upstream: { breaker: { failureThreshold: 5, openMs: OPEN_MS } },
    }),
  );
}

async function post(
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = { 'x-api-key': 'demo' },
): Promise<Reply> {
  const r = await g.graphql(query, variables, headers);
  tally.served();
  return r;
}

/** Every response is data, or errors that all carry a known code; never an internal error. */
function expectWellFormed(r: Reply): void {
  expect([200, 400, 429]).toContain(r.status);
  const body = r.body;
  expect(body.data !== undefined || (body.errors?.length ?? 0) > 0).toBe(true);
  for (const e of body.errors ?? []) expect(KNOWN_CODES).toContain(String(e.extensions?.code));
}

/** Waits until the breaker has closed again (a probe went through), so scenarios do not leak into each other. */
async function healthy(): Promise<void> {
  tally.settle();
  for (let i = 0; i < 50; i++) {
    const r = await post(`{ org(id: "${DEMO_ORG}") { recommendedCommitmentPlan(provider: AWS) { id } } }`);
    if (codes(r).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, OPEN_MS / 2));
  }
  throw new Error('the gateway did not recover');
}
beforeEach(healthy);

/** Two nullable siblings, each its own upstream call: one can fail while the other resolves. */
const SIBLINGS = `query($plan: ID!) { org(id: "${DEMO_ORG}") {
  recommendedCommitmentPlan(provider: AWS) { id name }
  commitmentPlan(id: $plan) { id name } } }`;
type Siblings = {
  org: { recommendedCommitmentPlan: { name: string } | null; commitmentPlan: { name: string } | null };
};

describe('5xx bursts', () => {
  test('a short burst is absorbed by retries (jittered backoff)', async () => {
    tally.inject([{ endpoint: 'getRecommendedPlan', kind: 'status', status: 503, times: 2 }]);
    const r = await post(SIBLINGS, { plan: PLAN });
    expect(codes(r)).toEqual([]);
    expect(simulator.callsTo('getRecommendedPlan')).toHaveLength(3);
  });

  test('a long burst fails that field only (UPSTREAM_ERROR); its sibling resolves', async () => {
    tally.inject([{ endpoint: 'getRecommendedPlan', kind: 'status', status: 500 }]);
    const r = await post(SIBLINGS, { plan: PLAN });
    expectWellFormed(r);
    expect(codes(r)).toEqual(['UPSTREAM_ERROR']);
    const data = r.body.data as Siblings;
    expect(data.org.recommendedCommitmentPlan).toBeNull();
    expect(data.org.commitmentPlan?.name).toBe(FIXTURES.balancedPlan.name);
    // 500 is not retried (not 502/503/504).
    expect(simulator.callsTo('getRecommendedPlan')).toHaveLength(1);
  });

  test('retries stay within the retry budget (~20% of traffic plus a small floor)', async () => {
    tally.inject([{ endpoint: 'getCommitmentMetrics', kind: 'status', status: 503 }]);
    // 100 different calls (identical ones in flight would be shared).
    const day = (i: number): string =>
      new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const q = (i: number): string =>
      `{ org(id: "${DEMO_ORG}") { commitmentMetrics(provider: AWS, startDate: "${day(i)}", endDate: "${day(i + 1)}") { utilization } } }`;
    // Keep the breaker out of it: a fresh gateway with a high threshold.
    const busy = await startTestGateway(
      hardened({
        simulator,
        config: { archeraTimeoutMs: TIMEOUT_MS, responseCache: false },
        limits: { costBudgetPerMinute: 10_000_000 },
        upstream: { breaker: { failureThreshold: 10_000, openMs: OPEN_MS } },
      }),
    );
    try {
      const n = 100;
      const started = performance.now();
      const replies = await Promise.all(Array.from({ length: n }, (_, i) => busy.graphql(q(i))));
      const seconds = (performance.now() - started) / 1000;
      tally.served(n);
      for (const r of replies) expect(codes(r)).toEqual(['UPSTREAM_ERROR']);
      const attempts = simulator.callsTo('getCommitmentMetrics').length;
      // 100 calls earn 20 retries; the floor adds at most 5 a second (5 banked at the start).
      expect(attempts).toBeGreaterThanOrEqual(n);
      expect(attempts - n).toBeLessThanOrEqual(20 + 5 + Math.ceil(5 * seconds));
    } finally {
      await busy.close();
    }
  });
});

describe('429 with Retry-After', () => {
  test('a short Retry-After is honoured, then the call succeeds', async () => {
    tally.inject([
      { endpoint: 'getRecommendedPlan', kind: 'status', status: 429, retryAfter: '1', times: 1 },
    ]);
    const r = await post(SIBLINGS, { plan: PLAN });
    expect(codes(r)).toEqual([]);
    expect(r.ms).toBeGreaterThanOrEqual(990);
    const [first, second] = simulator.callsTo('getRecommendedPlan');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
  });

  test('a Retry-After over 60 s is RATE_LIMITED with retryAfter at once, not slept on', async () => {
    tally.inject([{ endpoint: 'getRecommendedPlan', kind: 'status', status: 429, retryAfter: '120' }]);
    const r = await post(SIBLINGS, { plan: PLAN });
    expect(r.ms).toBeLessThan(1000);
    expect(r.body.errors).toHaveLength(1);
    expect(r.body.errors![0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 120 });
    expect((r.body.data as Siblings).org.commitmentPlan).not.toBeNull();
  });
});

describe('slow responses', () => {
  test(`a hung upstream is answered within the timeout + 10% (${TIMEOUT_MS} ms), siblings intact`, async () => {
    tally.inject([{ endpoint: 'getRecommendedPlan', kind: 'delay', delayMs: 5000, times: 1 }]);
    const r = await post(SIBLINGS, { plan: PLAN });
    expect(r.ms).toBeLessThan(TIMEOUT_MS * 1.1);
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(codes(r)).toEqual(['UPSTREAM_TIMEOUT']);
    expect((r.body.data as Siblings).org.commitmentPlan?.name).toBe(FIXTURES.balancedPlan.name);
  });

  test('a slow but timely upstream is simply waited for', async () => {
    tally.inject([{ endpoint: 'getRecommendedPlan', kind: 'delay', delayMs: 300, times: 1 }]);
    expect(codes(await post(SIBLINGS, { plan: PLAN }))).toEqual([]);
  });
});

describe('connection resets', () => {
  test('resets on a GET are retried on a fresh connection', async () => {
    tally.inject([{ endpoint: 'getRecommendedPlan', kind: 'reset', times: 2 }]);
    expect(codes(await post(SIBLINGS, { plan: PLAN }))).toEqual([]);
  });

  test('a POST reset after the upstream committed it: OUTCOME_UNKNOWN, sent once, not resent on replay', async () => {
    simulator.resetState();
    tally.inject([{ endpoint: 'applyPlan', kind: 'reset-after-commit', times: 1 }]);
    const APPLY = `mutation($input: ApplyCommitmentPlanInput!) { applyCommitmentPlan(input: $input) {
      plan { status } userErrors { code } replayed } }`;
    const input = { orgId: DEMO_ORG, planId: PLAN, idempotencyKey: `reset-${Date.now()}` };
    const first = await post(APPLY, { input });
    const replay = await post(APPLY, { input });
    for (const r of [first, replay]) {
      expectWellFormed(r);
      const payload = r.body.data!.applyCommitmentPlan as { userErrors: Array<{ code: string }> };
      expect(payload.userErrors.map((e) => e.code)).toEqual(['OUTCOME_UNKNOWN']);
    }
    expect(simulator.callsTo('applyPlan')).toHaveLength(1);
    simulator.resetState();
  });
});

describe('broken bodies', () => {
  test.each(['truncated', 'non-json', 'drop-required-field'] as const)(
    '%s: UPSTREAM_ERROR on that field, not retried, sibling intact',
    async (kind) => {
      tally.inject([{ endpoint: 'getRecommendedPlan', kind, times: 1 }]);
      const r = await post(SIBLINGS, { plan: PLAN });
      expectWellFormed(r);
      expect(codes(r)).toEqual(['UPSTREAM_ERROR']);
      expect((r.body.data as Siblings).org.recommendedCommitmentPlan).toBeNull();
      expect((r.body.data as Siblings).org.commitmentPlan).not.toBeNull();
      expect(simulator.callsTo('getRecommendedPlan')).toHaveLength(1);
    },
  );

  test('items of a list without their id are dropped, never served with made-up ids; the list stays', async () => {
    tally.inject([{ endpoint: 'listLineItems', kind: 'drop-required-field', times: 1 }]);
    const r = await post(
      `query($plan: ID!) { org(id: "${DEMO_ORG}") { commitmentPlan(id: $plan) {
      name lineItems(first: 5) { totalCount nodes { id } } } } }`,
      { plan: PLAN },
    );
    expectWellFormed(r);
    expect(codes(r)).toEqual([]);
    const plan = (r.body.data!.org as { commitmentPlan: { name: string; lineItems: { nodes: unknown[] } } })
      .commitmentPlan;
    expect(plan.name).toBeTruthy();
    expect(plan.lineItems.nodes).toEqual([]);
  });

  test('an object without its id is an error, never data with a made-up id', async () => {
    tally.inject([{ endpoint: 'getPlan', kind: 'drop-required-field', times: 1 }]);
    const r = await post(
      `query($plan: ID!) { org(id: "${DEMO_ORG}") { commitmentPlan(id: $plan) { id name } } }`,
      {
        plan: PLAN,
      },
    );
    expectWellFormed(r);
    expect(codes(r)).toEqual(['UPSTREAM_ERROR']);
    expect(r.body.errors![0]!.message).toContain('lacks id');
  });
});

describe('the upstream down, then back', () => {
  test('requests fail fast once the breaker is open, and recover by themselves', async () => {
    tally.settle();
    const port = simulator.port;
    const transitions: string[] = [];
    const down = await startTestGateway(
      hardened({
        simulator,
        config: { archeraTimeoutMs: TIMEOUT_MS, responseCache: false },
        limits: { costBudgetPerMinute: 10_000_000 },
        upstream: {
          breaker: { failureThreshold: 5, openMs: OPEN_MS },
          onBreakerStateChange: (c) => transitions.push(c.state),
        },
      }),
    );
    const q = `{ org(id: "${DEMO_ORG}") { recommendedCommitmentPlan(provider: AWS) { id } } }`;
    try {
      await simulator.close();
      // Connections refused: retried, counted by the breaker, which opens after 5 failed attempts.
      let r: Reply | undefined;
      for (let i = 0; i < 5 && !transitions.includes('open'); i++) {
        r = await down.graphql(q);
        tally.served();
        expect(codes(r)).toEqual(['UPSTREAM_ERROR']);
      }
      expect(transitions).toContain('open');
      r = await down.graphql(q);
      tally.served();
      expect(codes(r)).toEqual(['UPSTREAM_ERROR']);
      expect(r.body.errors![0]!.message).toContain('circuit breaker open');
      expect(r.body.errors![0]!.extensions!.retryAfter).toBe(1);
      expect(r.ms).toBeLessThan(100);

      // Back on the same port: the next probe after OPEN_MS closes the breaker, with no one stepping in.
      simulator = await startSimulator({ port });
      let recovered: Reply | undefined;
      for (let i = 0; i < 40; i++) {
        const attempt = await down.graphql(q);
        tally.served();
        expectWellFormed(attempt);
        if (codes(attempt).length === 0) {
          recovered = attempt;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(recovered?.body.data).toBeTruthy();
      expect(transitions.slice(-2)).toEqual(['half-open', 'closed']);
    } finally {
      await down.close();
    }
  });

  test('a money-moving POST while the breaker is open is not sent, and the key stays usable', async () => {
    tally.inject([{ kind: 'status', status: 503 }]);
    // Open the breaker with failing reads.
    for (let i = 0; i < 3; i++) await post(SIBLINGS, { plan: PLAN });
    simulator.resetCalls();
    const PURCHASE = `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
      purchase { purchaseId } userErrors { code } } }`;
    const input = { orgId: CHILD_ORG, planId: 'plan_x', confirm: true, idempotencyKey: `open-${Date.now()}` };
    const r = await post(PURCHASE, { input });
    expectWellFormed(r);
    const payload = r.body.data!.purchaseCommitmentPlan as { userErrors: Array<{ code: string }> };
    expect(payload.userErrors.map((e) => e.code)).toEqual(['UPSTREAM_ERROR']);
    expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(0);
  });
});

// ---- the shared Redis hung, then down, then back; the journal on a full disk ----

/** A read of three upstream resources, each through the shared response cache. */
const CACHED_READ = `query($plan: ID!) { org(id: "${DEMO_ORG}") {
  recommendedCommitmentPlan(provider: AWS) { id name }
  commitmentPlan(id: $plan) { id name }
  commitmentSummary(provider: AWS) { totalActiveCommitments } } }`;
type CachedRead = {
  org: {
    recommendedCommitmentPlan: { name: string } | null;
    commitmentPlan: { name: string } | null;
    commitmentSummary: { totalActiveCommitments: number } | null;
  };
};
const PURCHASE_MUTATION = `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
  purchase { purchaseId } preview { lineItemCount upfrontCost } userErrors { code message } replayed } }`;
type PurchasePayload = {
  purchase: { purchaseId: string | null } | null;
  preview: { lineItemCount: number | null } | null;
  userErrors: Array<{ code: string; message: string }>;
  replayed: boolean;
};

/** The acceptance bounds (the spec, not a benchmark): a read 1 s, a refusal or a preview 3 s, ready 15 s. */
const READ_BOUND_MS = 1_000;
const MONEY_BOUND_MS = 3_000;
const READY_BOUND_MS = 15_000;

describe('the shared Redis hung, then down, then back (a real redis-server behind REDIS_URL)', () => {
  let server: ControlledRedis;
  let rg: TestGateway;
  let planId: string;
  const beforeOutage = { key: `before-outage-${Date.now()}`, purchaseId: '' };
  const retriedKey = `during-outage-${Date.now()}`;
  const timings: Record<string, number[]> = {};
  const note = (what: string, ms: number): void => {
    (timings[what] ??= []).push(Math.round(ms));
  };

  beforeAll(async () => {
    server = await startControlledRedis();
    rg = await startTestGateway(
      hardened({
        simulator,
        config: { archeraTimeoutMs: TIMEOUT_MS, enablePurchases: true, redisUrl: server.url },
        limits: { costBudgetPerMinute: 10_000_000 },
      }),
    );
  });
  afterAll(async () => {
    await rg.close();
    await server.stop();
    process.stdout.write(`redis outage timings (ms): ${JSON.stringify(timings)}\n`);
  });

  async function rpost(query: string, variables?: Record<string, unknown>): Promise<Reply> {
    const r = await rg.graphql(query, variables);
    tally.served();
    expectWellFormed(r);
    return r;
  }

  async function purchase(input: Record<string, unknown>): Promise<{ r: Reply; p: PurchasePayload }> {
    const r = await rpost(PURCHASE_MUTATION, { input: { orgId: CHILD_ORG, planId, ...input } });
    return { r, p: r.body.data!.purchaseCommitmentPlan as PurchasePayload };
  }

  async function readyz(): Promise<Reply> {
    const r = await rg.fetch('/readyz');
    tally.served();
    return r;
  }

  /** Polls /readyz (its answers are reused for 2 s) until it says `status`; how long that took. */
  async function untilReadiness(status: number, boundMs: number): Promise<{ ms: number; last: Reply }> {
    const started = performance.now();
    for (;;) {
      const last = await readyz();
      const ms = performance.now() - started;
      if (last.status === status || ms > boundMs) return { ms, last };
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A refused purchase and replay, reads, a persisted-query miss, a preview, /readyz: all answered. */
  async function duringOutage(phase: 'hung' | 'down'): Promise<void> {
    // Money first: when Redis has just hung, the breaker is still closed and the intent's write waits out
    // its deadline (1 s).
    simulator.resetCalls();
    const refused = await purchase({ confirm: true, idempotencyKey: retriedKey });
    note(`${phase}: purchase refused`, refused.r.ms);
    expect(refused.p.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_STORE_UNAVAILABLE']);
    expect(refused.p.userErrors[0]!.message).toMatch(/nothing was sent.*retry later/i);
    expect(refused.p.purchase).toBeNull();
    expect(refused.r.ms).toBeLessThan(MONEY_BOUND_MS);
    // The replay of a purchase made before the outage is refused too: never sent again.
    const replay = await purchase({ confirm: true, idempotencyKey: beforeOutage.key });
    note(`${phase}: replay refused`, replay.r.ms);
    expect(replay.p.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_STORE_UNAVAILABLE']);
    expect(replay.r.ms).toBeLessThan(MONEY_BOUND_MS);
    expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(0);

    for (let i = 0; i < 5; i++) {
      const r = await rpost(CACHED_READ, { plan: PLAN });
      note(`${phase}: read`, r.ms);
      expect(codes(r)).toEqual([]);
      const org = (r.body.data as CachedRead).org;
      expect(org.recommendedCommitmentPlan?.name).toEqual(expect.any(String));
      expect(org.commitmentPlan?.name).toBe(FIXTURES.balancedPlan.name);
      expect(org.commitmentSummary?.totalActiveCommitments).toEqual(expect.any(Number));
      expect(r.ms).toBeLessThan(READ_BOUND_MS);
    }
    // A persisted query misses (the client then sends it in full, which works).
    const query = `{ org(id: "${DEMO_ORG}") { recommendedCommitmentPlan(provider: AWS) { id } } }`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const miss = await rg.graphql(undefined, undefined, undefined, { persistedQuery });
    tally.served();
    expect(codes(miss)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(miss.ms).toBeLessThan(READ_BOUND_MS);
    const full = await rg.graphql(query, undefined, undefined, { persistedQuery });
    tally.served();
    expect(codes(full)).toEqual([]);
    expect(full.ms).toBeLessThan(READ_BOUND_MS);

    const preview = await purchase({ confirm: false, idempotencyKey: `preview-${phase}` });
    note(`${phase}: preview`, preview.r.ms);
    expect(preview.p.userErrors).toEqual([]);
    expect(preview.p.preview?.lineItemCount).toEqual(expect.any(Number));
    expect(preview.r.ms).toBeLessThan(MONEY_BOUND_MS);

    const { ms, last } = await untilReadiness(503, 5_000);
    note(`${phase}: not ready after`, ms);
    expect(last.status).toBe(503);
    expect(last.body).toMatchObject({
      status: 'not ready',
      checks: { redis: { status: 'down', state: 'open' } },
    });
    expect(await rg.metrics()).toContain('archera_graphql_redis_state{state="open"} 1');
  }

  test('before the outage: a purchase goes through (one POST)', async () => {
    simulator.resetState();
    const plans = await rpost(`query($org: ID!) { org(id: $org) { partnerPlans { id } } }`, {
      org: CHILD_ORG,
    });
    planId = (plans.body.data as { org: { partnerPlans: Array<{ id: string }> } }).org.partnerPlans[0]!.id;
    simulator.resetCalls();
    const { p } = await purchase({ confirm: true, idempotencyKey: beforeOutage.key });
    expect(p.userErrors).toEqual([]);
    beforeOutage.purchaseId = p.purchase!.purchaseId!;
    expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
    expect(await rg.metrics()).toContain('archera_graphql_redis_state{state="up"} 1');
  });

  test('hung (SIGSTOP: connects, never answers): reads in full within 1 s, money refused fast, not ready', async () => {
    server.hang();
    tally.external('redis-hung');
    await duringOutage('hung');
  });

  test('then down (killed): the same', async () => {
    await server.kill();
    tally.external('redis-down');
    await duringOutage('down');
  });

  test('back (restarted on the same port): ready within 15 s, a purchase sends one POST, an old replay none', async () => {
    await server.restart();
    const { ms, last } = await untilReadiness(200, READY_BOUND_MS);
    note('back: ready after', ms);
    expect(last.status).toBe(200);
    expect(ms).toBeLessThan(READY_BOUND_MS);
    simulator.resetState();
    simulator.resetCalls();
    // The key refused during the outage, retried later as its message says.
    const retried = await purchase({ confirm: true, idempotencyKey: retriedKey });
    note('back: purchase', retried.r.ms);
    expect(retried.p.userErrors).toEqual([]);
    expect(retried.p.purchase?.purchaseId).toEqual(expect.any(String));
    expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
    // The purchase completed before the outage is still known (Redis' append-only file): nothing sent.
    const replay = await purchase({ confirm: true, idempotencyKey: beforeOutage.key });
    note('back: replay', replay.r.ms);
    expect(replay.p).toMatchObject({ replayed: true, userErrors: [] });
    expect(replay.p.purchase?.purchaseId).toBe(beforeOutage.purchaseId);
    expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
    expect(await rg.metrics()).toContain('archera_graphql_redis_state{state="up"} 1');
    // One log line per state change, however many requests met the outage.
    const states = rg
      .logLines()
      .filter((l) => l.component === 'redis' && typeof l.redis === 'object' && l.redis !== null)
      .map((l) => (l.redis as { state?: string }).state)
      .filter((s) => s !== undefined);
    // (A loaded machine may add a failing/up pair before the outage: a cache read past its 50 ms.)
    expect(states.filter((state, i) => state === states[i - 1])).toEqual([]);
    expect(states.slice(-3)).toEqual(['failing', 'open', 'up']);
    expect(states.filter((state) => state === 'open')).toHaveLength(1);
    expect(states.length).toBeLessThanOrEqual(8);
  });

  test('a POST in flight when Redis hangs: its caller gets the outcome, recorded once Redis is back; never resent', async () => {
    simulator.resetState();
    tally.inject([{ endpoint: 'purchasePartnerPlan', kind: 'delay', delayMs: 600, times: 1 }]);
    const key = `in-flight-${Date.now()}`;
    const pending = purchase({ confirm: true, idempotencyKey: key });
    await new Promise((r) => setTimeout(r, 200)); // the intent is written; the POST is on its way
    server.hang();
    tally.external('redis-hung');
    const first = await pending;
    expect(first.p.userErrors).toEqual([]);
    const purchaseId = first.p.purchase?.purchaseId;
    expect(purchaseId).toEqual(expect.any(String));
    expect(await rg.metrics()).toMatch(/archera_graphql_idempotency_pending_writes 1/);
    // Still hung: this replica replays from memory; nothing is sent again.
    const replayHung = await purchase({ confirm: true, idempotencyKey: key });
    expect(replayHung.p).toMatchObject({ replayed: true, purchase: { purchaseId } });
    // Killed while hung: the write it was waiting for never ran; the gateway retries it once Redis is back.
    await server.kill();
    tally.external('redis-down');
    await server.restart();
    const raw = server.client();
    const started = performance.now();
    for (;;) {
      const keys = await raw.keys(`archera-graphql:idempotency:*:${key}`);
      // KEYS answers full names; GET adds the client's key prefix again.
      const stored = keys[0] ? await raw.get(keys[0].slice('archera-graphql:'.length)) : null;
      const record = stored === null ? undefined : (JSON.parse(stored) as { outcome?: unknown });
      if (record?.outcome && /archera_graphql_idempotency_pending_writes 0/.test(await rg.metrics())) break;
      expect(performance.now() - started).toBeLessThan(READY_BOUND_MS);
      await new Promise((r) => setTimeout(r, 100));
    }
    note('in flight: outcome recorded after restart', performance.now() - started);
    const replay = await purchase({ confirm: true, idempotencyKey: key });
    expect(replay.p).toMatchObject({ replayed: true, purchase: { purchaseId } });
    expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
  });
});

describe('the idempotency journal on a full disk (/dev/full), without REDIS_URL', () => {
  test('money moves are refused with IDEMPOTENCY_STORE_UNAVAILABLE, nothing sent; reads and previews work', async () => {
    const jg = await startTestGateway(
      hardened({
        simulator,
        config: { archeraTimeoutMs: TIMEOUT_MS, enablePurchases: true, idempotencyJournal: '/dev/full' },
        limits: { costBudgetPerMinute: 10_000_000 },
      }),
    );
    try {
      tally.external('journal-full');
      simulator.resetState();
      const plans = await jg.graphql(`query($org: ID!) { org(id: $org) { partnerPlans { id } } }`, {
        org: CHILD_ORG,
      });
      const planId = (plans.body.data as { org: { partnerPlans: Array<{ id: string }> } }).org
        .partnerPlans[0]!.id;
      simulator.resetCalls();
      const buy = await jg.graphql(PURCHASE_MUTATION, {
        input: { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'journal-full' },
      });
      const preview = await jg.graphql(PURCHASE_MUTATION, {
        input: { orgId: CHILD_ORG, planId, confirm: false, idempotencyKey: 'journal-full' },
      });
      const read = await jg.graphql(CACHED_READ, { plan: PLAN });
      tally.served(4);
      for (const r of [buy, preview, read]) expectWellFormed(r);
      const bought = buy.body.data!.purchaseCommitmentPlan as PurchasePayload;
      expect(bought.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_STORE_UNAVAILABLE']);
      expect(buy.ms).toBeLessThan(MONEY_BOUND_MS);
      expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(0);
      expect((preview.body.data!.purchaseCommitmentPlan as PurchasePayload).preview).not.toBeNull();
      expect(codes(read)).toEqual([]);
      expect(
        jg.logLines().filter((l) => /idempotency journal cannot be written/.test(String(l.msg))),
      ).toHaveLength(1);
    } finally {
      await jg.close();
    }
  });
});

// ---- the soak ----

const SOAK_QUERIES: Array<[string, Record<string, unknown>?]> = [
  [SIBLINGS, { plan: PLAN }],
  [
    `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { name lineItems(first: 3) { nodes { offer { instanceType } } } } } }`,
  ],
  [
    `{ org(id: "${DEMO_ORG}") { commitmentSummary(provider: AWS) { totalActiveCommitments } commitmentAttributes { field } } }`,
  ],
  [
    `{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, first: 20) { totalCount nodes { archeraId comparisonSkippedReason } } } }`,
  ],
  [
    `query($plan: ID!) { org(id: "${DEMO_ORG}") { commitmentPlan(id: $plan) { lineItems(first: 150) { totalCount pageInfo { hasNextPage } } } } }`,
    { plan: PLAN },
  ],
  [
    `{ org(id: "${DEMO_ORG}") { commitmentMetrics(provider: AZURE, startDate: "2026-10-01", endDate: "2026-11-01") { utilization } } }`,
  ],
  [`{ org(id: "${CHILD_ORG}") { partnerPlans { id name } } }`],
  [
    `mutation { purchaseCommitmentPlan(input: { orgId: "${CHILD_ORG}", planId: "plan_none", confirm: false, idempotencyKey: "soak-preview" }) { userErrors { code } } }`,
  ],
  // Refused before execution, or by the resolvers: coded errors.
  [`{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, first: 100000) { totalCount } } }`],
  [`{ org(id: "not-a-uuid") { id } }`],
  [`{ ${Array.from({ length: 30 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
];

const SOAK_FAULTS: Array<() => Parameters<FaultTally['inject']>[0]> = [
  () => [{ kind: 'status', status: 503, times: 60 }],
  () => [{ kind: 'status', status: 502, times: 30 }],
  () => [{ kind: 'status', status: 500, times: 40 }],
  () => [{ endpoint: 'getCommitmentSummary', kind: 'status', status: 429, retryAfter: '0', times: 20 }],
  () => [{ kind: 'delay', delayMs: TIMEOUT_MS + 200, times: 8 }],
  () => [{ kind: 'reset', times: 40 }],
  () => [
    { endpoint: 'listCommitments', kind: 'truncated', times: 20 },
    { endpoint: 'listLineItems', kind: 'non-json', times: 20 },
  ],
  () => [
    { endpoint: 'getDefaultPlans', kind: 'non-json', times: 20 },
    { endpoint: 'getRecommendedPlan', kind: 'truncated', times: 20 },
  ],
  () => [
    { endpoint: 'getPlan', kind: 'drop-required-field', times: 20 },
    { endpoint: 'getPartnerDefaultPlans', kind: 'drop-required-field', times: 20 },
    { endpoint: 'listLineItems', kind: 'drop-required-field', times: 20 },
  ],
  () => [],
];

test('soak: thousands of mixed queries under concurrency and rotating faults', async () => {
  const gc = (() => {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  })();
  const rng = new Rng('faults-soak'); // deterministic: a failure replays
  const random = (): number => rng.next();
  const total = Number(process.env.SOAK_REQUESTS ?? 3000);
  const concurrency = 32;
  const perRound = 150;
  const outcomes = new Map<string, number>();
  let heapAfterWarmup = 0;
  let leaks = 0;
  let sent = 0;

  for (let round = 0; sent < total; round++) {
    tally.inject(SOAK_FAULTS[Math.floor(random() * SOAK_FAULTS.length)]!());
    const batch = Math.min(perRound, total - sent);
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batch) {
          next++;
          const [query, variables] = SOAK_QUERIES[Math.floor(random() * SOAK_QUERIES.length)]!;
          // Now and then a caller with a key Archera does not know (and which must never leak).
          const r = await post(query, variables, { 'x-api-key': random() < 0.05 ? SECRET_KEY : 'demo' });
          if (r.text.includes(SECRET_KEY)) leaks++;
          expectWellFormed(r);
          const key = codes(r).sort().join('+') || 'data';
          outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        }
      }),
    );
    sent += batch;
    if (round === 2) {
      tally.settle();
      gc();
      heapAfterWarmup = process.memoryUsage().heapUsed;
    }
  }
  tally.settle();
  gc();
  const growth = process.memoryUsage().heapUsed - heapAfterWarmup;
  process.stdout.write(
    `soak: ${sent} queries, heap growth after warm-up ${(growth / 1024 / 1024).toFixed(1)} MiB, outcomes ${JSON.stringify(Object.fromEntries(outcomes))}\n`,
  );
  expect(unhandled).toEqual([]);
  // The key placed in requests appears in no response and no log line of the whole suite.
  expect(leaks).toBe(0);
  expect(g.logs()).not.toContain(SECRET_KEY);
  expect(g.logs().length).toBeGreaterThan(100_000);
  // Bounded memory: no per-request state survives its request (a leak of even 2 KiB per query shows).
  expect(growth).toBeLessThan(10 * 1024 * 1024);
  // Data kept flowing, faults and open breakers notwithstanding; and the gateway is healthy afterwards.
  expect(outcomes.get('data') ?? 0).toBeGreaterThan(total / 10);
  await healthy();
}, 180_000);
