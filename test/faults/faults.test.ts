/**
 * The fault-injection suite (`npm run test:faults`, also part of `npm test`): the real server (HTTP front,
 * Apollo, transport) against the simulator over loopback, with faults injected upstream: 5xx bursts, 429
 * with Retry-After, responses slower than the timeout, connection resets, truncated and non-JSON bodies,
 * answers missing fields the spec requires, the upstream going down and coming back, and a soak of mixed
 * queries under concurrency. Prints one summary line: faults injected, requests served.
 */
import { Rng } from '../../src/simulator/data/prng';
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
