/**
 * Subscriptions over a real WebSocket (graphql-ws), against the simulator: one poller per (key, plan)
 * however many subscribers, updates within one poll of the change, no polls without subscribers, keys and
 * tenants checked before anything is polled, limits, and a clean close on shutdown.
 */
import { FIXTURES } from '../../src/simulator';
import * as values from '../../src/upstream/values';
import { DEFAULT_SUBSCRIPTION_SETTINGS } from '../../src/config/subscriptions';
import { DEMO_ORG, CHILD_ORG, OTHER_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';
import { sample } from '../helpers/metrics';
import { connect, type TestSocket } from '../helpers/subscriptions';
import { until } from '../helpers/wait';

const FAST_MS = 100;
const PLAN = `subscription($org: ID!, $plan: ID!) {
  commitmentPlanUpdated(orgId: $org, planId: $plan) { id archeraId status isCalculating } }`;
const PARTNER_PLAN = `subscription($org: ID!, $plan: ID!) {
  partnerPlanUpdated(orgId: $org, planId: $plan) { id archeraId status } }`;
const CALCULATING = FIXTURES.noRecommendedPlan.planId;

let h: TestGateway;
const sockets: TestSocket[] = [];
const open = (key: string | null = 'demo'): TestSocket => {
  const socket = connect(h.origin, key);
  sockets.push(socket);
  return socket;
};
const planReads = (): number => h.simulator.callsTo('getPlan').length;
const metric = async (name: string, labels: Record<string, string> = {}): Promise<number> =>
  sample(await h.metrics(), `archera_graphql_${name}`, labels) ?? 0;

beforeAll(async () => {
  h = await startTestGateway({
    config: {
      enablePurchases: true,
      subscriptions: {
        poll: { fastMs: FAST_MS, settleMs: 5 * FAST_MS, slowMs: 10 * FAST_MS },
        limits: { ...DEFAULT_SUBSCRIPTION_SETTINGS.limits, perConnection: 3, perKey: 12 },
      },
    },
  });
});
afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.dispose()));
  await until(async () => (await metric('subscriptions_active')) === 0);
  h.simulator.resetState();
  h.simulator.resetCalls();
});
afterAll(() => h.close());

describe('one poller for every subscriber', () => {
  it('ten subscribers to a calculating plan: one read to start, then one poll per interval, not ten', async () => {
    const watched = Array.from({ length: 10 }, (_, i) =>
      open().subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING, i }),
    );
    // Ten connections (a browser tab each), three subscriptions at most per connection: all ten start.
    const first = await Promise.all(watched.map((w) => w.received(1)));
    for (const [result] of first) {
      expect(result!.errors).toBeUndefined();
      expect(result!.data!.commitmentPlanUpdated).toMatchObject({
        archeraId: CALCULATING,
        isCalculating: true,
      });
    }
    expect(await metric('subscription_pollers')).toBe(1);
    expect(await metric('subscriptions_active')).toBe(10);

    // Let the poller read a few times (busy plan: every fast interval).
    const polled = async () =>
      metric('subscription_polls_total', { kind: 'commitmentPlan', result: 'unchanged' });
    let polls = 0;
    await until(async () => (polls = await polled()) >= 4, { everyMs: FAST_MS / 2 });
    // The first subscriber's read plus one per poll (one more may be in flight while we look).
    expect(planReads()).toBeGreaterThanOrEqual(1 + polls);
    expect(planReads()).toBeLessThanOrEqual(2 + polls);
    // Nothing changed: nobody heard anything after the plan as it was.
    for (const w of watched) expect(w.results).toHaveLength(1);
  });

  it('an update reaches every subscriber within one poll of the change', async () => {
    const watched = Array.from({ length: 10 }, () =>
      open().subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING }),
    );
    await Promise.all(watched.map((w) => w.received(1)));
    h.simulator.updatePlan(CALCULATING, { isCalculating: false });
    const readsAtChange = planReads();
    const second = await Promise.all(watched.map((w) => w.received(2)));
    // The poll in flight when the plan changed may have read the old state; the next one cannot have.
    expect(planReads() - readsAtChange).toBeLessThanOrEqual(2);
    for (const results of second) {
      expect(results[1]!.data!.commitmentPlanUpdated).toMatchObject({
        archeraId: CALCULATING,
        isCalculating: false,
      });
    }
    // A change of status is heard too.
    h.simulator.updatePlan(CALCULATING, { status: 'reviewed' });
    for (const results of await Promise.all(watched.map((w) => w.received(3)))) {
      expect(results[2]!.data!.commitmentPlanUpdated).toMatchObject({ status: 'REVIEWED' });
    }
  });

  it('nested fields are read again for each update (no loader cache across events)', async () => {
    const query = `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) {
      isCalculating org { commitmentPlan(id: $plan) { isCalculating } } } }`;
    const w = open().subscribe(query, { org: DEMO_ORG, plan: CALCULATING });
    const [first] = await w.received(1);
    expect(first!.data).toEqual({
      commitmentPlanUpdated: { isCalculating: true, org: { commitmentPlan: { isCalculating: true } } },
    });
    h.simulator.updatePlan(CALCULATING, { isCalculating: false });
    const [, second] = await w.received(2);
    expect(second!.data).toEqual({
      commitmentPlanUpdated: { isCalculating: false, org: { commitmentPlan: { isCalculating: false } } },
    });
  });

  it('the last subscriber leaving stops the poller: no subscribers, no polls', async () => {
    const socket = open();
    const watched = [0, 1, 2].map(() => socket.subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING }));
    await Promise.all(watched.map((w) => w.received(1)));
    watched[0]!.unsubscribe();
    watched[1]!.unsubscribe();
    await until(async () => (await metric('subscriptions_active')) === 1);
    expect(await metric('subscription_pollers')).toBe(1);
    watched[2]!.unsubscribe();
    await until(async () => (await metric('subscriptions_active')) === 0);
    expect(await metric('subscription_pollers')).toBe(0);
    const reads = planReads();
    // Five fast intervals later: not one read more.
    await new Promise((r) => setTimeout(r, 5 * FAST_MS));
    expect(planReads()).toBe(reads);
  });

  it('a purchase is followed to its end: in progress, then completed (partner plan)', async () => {
    const planId = FIXTURES.partnerPlan.planId;
    const w = open().subscribe(PARTNER_PLAN, { org: CHILD_ORG, plan: planId });
    const [first] = await w.received(1);
    const before = (first!.data!.partnerPlanUpdated as { status: string }).status;
    const bought = await h.graphql(
      `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) { userErrors { code } } }`,
      { input: { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'sub-buy-1' } },
    );
    expect(bought.body).toEqual({ data: { purchaseCommitmentPlan: { userErrors: [] } } });
    const [, progress] = await w.received(2);
    expect(progress!.data!.partnerPlanUpdated).toMatchObject({ archeraId: planId, status: 'IN_PROGRESS' });
    expect(before).not.toBe('IN_PROGRESS');
    expect(h.simulator.completePurchases()).toBe(1);
    const [, , done] = await w.received(3);
    expect(done!.data!.partnerPlanUpdated).toMatchObject({ status: 'COMPLETED' });
  });
});

describe('refused before any poll', () => {
  it('a connection without a key is closed with 4403 and reads nothing', async () => {
    const socket = open(null);
    const w = socket.subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING });
    await w.ended;
    expect(await socket.closed).toBe(4403);
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it("another tenant's plan is FORBIDDEN after one authorizing read, and nothing is polled", async () => {
    const w = open().subscribe(PLAN, { org: OTHER_ORG, plan: FIXTURES.otherTenantPlan.planId });
    await w.ended;
    expect(w.results).toHaveLength(1);
    expect(w.results[0]!.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await metric('subscription_pollers')).toBe(0);
    const reads = planReads();
    expect(reads).toBe(1);
    await new Promise((r) => setTimeout(r, 3 * FAST_MS));
    expect(planReads()).toBe(reads);
  });

  it('an unknown key is UNAUTHENTICATED; a bad id is BAD_USER_INPUT with no upstream call', async () => {
    const unknown = open('nope-not-a-key').subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING });
    await unknown.ended;
    expect(unknown.results[0]!.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    h.simulator.resetCalls();
    const bad = open().subscribe(PLAN, { org: 'not-a-uuid', plan: CALCULATING });
    await bad.ended;
    expect(bad.results[0]!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it('queries are sent over HTTP, not WebSocket; invalid documents fail validation', async () => {
    const socket = open();
    const query = socket.subscribe(`{ org(id: "${DEMO_ORG}") { id } }`);
    await query.ended;
    expect(query.results[0]!.errors![0]!.extensions!.code).toBe('BAD_REQUEST');
    const invalid = socket.subscribe('subscription { nope }');
    await invalid.ended;
    expect(invalid.results[0]!.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(h.simulator.calls()).toHaveLength(0);
  });
});

describe('limits', () => {
  it('per connection, then per key across connections: RATE_LIMITED', async () => {
    const a = open();
    const ok = [0, 1, 2].map(() => a.subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING }));
    await Promise.all(ok.map((w) => w.received(1)));
    const fourth = a.subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING });
    await fourth.ended;
    expect(fourth.results[0]!.errors![0]!.extensions!.code).toBe('RATE_LIMITED');

    // 12 per key: three more connections of three take it to 12; the 13th is refused on a fresh connection.
    const more = [open(), open(), open()].flatMap((s) =>
      [0, 1, 2].map(() => s.subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING })),
    );
    await Promise.all(more.map((w) => w.received(1)));
    const thirteenth = open().subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING });
    await thirteenth.ended;
    expect(thirteenth.results[0]!.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
    // Another tenant's key has its own allowance.
    const other = open('demo-other').subscribe(PLAN, {
      org: OTHER_ORG,
      plan: FIXTURES.otherTenantPlan.planId,
    });
    const [first] = await other.received(1);
    expect(first!.errors).toBeUndefined();
  });

  it('a subscription costs what its selection costs, against the same ceiling as a query', async () => {
    const deep = `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) {
      lineItems(first: 500) { edges { node { id resourceMatches(startDate: "2026-01-01", endDate: "2026-02-01", first: 500) { totalCount } } } } } }`;
    const w = open().subscribe(deep, { org: DEMO_ORG, plan: CALCULATING });
    await w.ended;
    expect(w.results[0]!.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(h.simulator.calls()).toHaveLength(0);
  });
});

describe('errors as over HTTP', () => {
  it('refusals carry their code and extensions, never the internal `http` status', async () => {
    const socket = open();
    const costly = socket.subscribe(
      `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) {
        lineItems(first: 500) { edges { node { id resourceMatches(startDate: "2026-01-01", endDate: "2026-02-01", first: 500) { totalCount } } } } } }`,
      { org: DEMO_ORG, plan: CALCULATING },
    );
    const tooMany = socket.subscribe(
      `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) {
        lineItems(first: 501) { totalCount } } }`,
      { org: DEMO_ORG, plan: CALCULATING },
    );
    await Promise.all([costly.ended, tooMany.ended]);
    const [tooComplex] = costly.results[0]!.errors!;
    expect(tooComplex!.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      cost: expect.any(Number),
      maxCost: expect.any(Number),
    });
    expect(tooMany.results[0]!.errors![0]!.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it('a variable missing or of the wrong type is BAD_USER_INPUT, before any upstream call', async () => {
    const socket = open();
    const missing = socket.subscribe(PLAN, { org: DEMO_ORG });
    const wrong = socket.subscribe(PLAN, { org: DEMO_ORG, plan: { id: CALCULATING } });
    await Promise.all([missing.ended, wrong.ended]);
    for (const w of [missing, wrong]) {
      expect(w.results).toHaveLength(1);
      expect(w.results[0]!.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(w.results[0]!.errors![0]!.message).toMatch(/\$plan/);
    }
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it('an unexpected error is masked as INTERNAL_SERVER_ERROR with the subscription request id', async () => {
    // A bug of ours, planted: reading a commitment's provider for its comparison throws.
    const planted = jest.spyOn(values, 'commitmentsProviderOf').mockImplementation(() => {
      throw new TypeError("Cannot read properties of undefined (reading 'planted')");
    });
    try {
      const w = open().subscribe(
        `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) {
          archeraId org { commitments(provider: AWS, first: 1) { nodes { archeraId comparison { commitmentId } } } } } }`,
        { org: DEMO_ORG, plan: CALCULATING },
      );
      const [first] = await w.received(1);
      expect(JSON.stringify(first)).not.toMatch(/TypeError|Cannot read|planted/);
      const internal = first!.errors!.filter((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
      expect(internal.length).toBeGreaterThan(0);
      for (const e of internal) {
        const requestId = e.extensions!.requestId as string;
        // The connection's request id and the subscription's id.
        expect(requestId).toMatch(/^[0-9a-f-]{36}:[\w-]+$/);
        expect(e.message).toBe(`Internal server error (request id ${requestId}).`);
      }
    } finally {
      planted.mockRestore();
    }
  });
});

describe('the first event is the plan now', () => {
  it('read fresh even where a query cached it a moment ago (shared response cache on)', async () => {
    const g = await startTestGateway({ simulator: h.simulator, config: { responseCache: true } });
    const stable = FIXTURES.recommendedPlan.planId;
    const socket = connect(g.origin);
    try {
      const read = () =>
        g.graphql(`{ org(id: "${DEMO_ORG}") { commitmentPlan(id: "${stable}") { status } } }`);
      const before = (await read()).body.data;
      h.simulator.updatePlan(stable, { status: 'reviewed' });
      // A query within the cache's lifetime still sees the plan as it was...
      expect((await read()).body.data).toEqual(before);
      // ...a new subscription starts from the plan as it is.
      const w = socket.subscribe(PLAN, { org: DEMO_ORG, plan: stable });
      const [first] = await w.received(1);
      expect(first!.data!.commitmentPlanUpdated).toMatchObject({ status: 'REVIEWED' });
    } finally {
      await socket.dispose();
      await g.close();
    }
  });
});

describe('shutdown', () => {
  it('completes every subscription, then closes the sockets (going away)', async () => {
    const g = await startTestGateway({
      simulator: h.simulator,
      config: {
        subscriptions: {
          ...DEFAULT_SUBSCRIPTION_SETTINGS,
          poll: { fastMs: FAST_MS, settleMs: FAST_MS, slowMs: FAST_MS },
        },
      },
    });
    const socket = connect(g.origin);
    try {
      const w = socket.subscribe(PLAN, { org: DEMO_ORG, plan: CALCULATING });
      await w.received(1);
      await g.close();
      await w.ended;
      expect(w.results).toHaveLength(1); // completed, no error
      expect(await socket.closed).toBe(1001);
    } finally {
      await socket.dispose();
    }
  });
});
