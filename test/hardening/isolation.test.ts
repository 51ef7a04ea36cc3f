/**
 * Tenant isolation: every cache is warmed with one API key (`demo`) and then read with another
 * (`demo-other`, another tenant). The other key must get its own answer (FORBIDDEN for demo's orgs), never
 * demo's data, and the upstream must see the other key's own call. Caches covered: per-request loaders
 * and in-flight sharing, the shared upstream response cache (when wired), an upstream that says
 * `Cache-Control: public`, persisted queries, idempotency records.
 */
import { createHash } from 'node:crypto';
import {
  CHILD_ORG,
  codes,
  DEMO_ORG,
  hardened,
  OTHER_ORG,
  startTestGateway,
  type TestGateway,
} from '../helpers/gateway';
import { startTamperProxy, type TamperProxy } from './tamper-proxy';

const A = { 'x-api-key': 'demo' };
const B = { 'x-api-key': 'demo-other' };

const PLANS = `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id name savingsHourly
  lineItems(first: 5) { totalCount nodes { archeraId } } } } }`;

let proxy: TamperProxy;
let g: TestGateway;
beforeAll(async () => {
  g = await startTestGateway(hardened({ config: { enablePurchases: true } }));
  proxy = await startTamperProxy(g.simulator.url);
});
afterAll(async () => {
  await proxy.close();
  await g.close();
});
beforeEach(() => g.simulator.resetCalls());

/** The simulator's calls made with the other tenant's key (its call log keeps a key fingerprint). */
function callsWithB(): number {
  const fp = createHash('sha256').update('demo-other').digest('hex').slice(0, 12);
  return g.simulator.calls().filter((c) => c.apiKeyFingerprint === fp).length;
}

/** APQ's hash of a query text. */
const queryHash = (query: string): string => createHash('sha256').update(query).digest('hex');

test('warmed by one key, read by another: the other key gets its own FORBIDDEN, never the data', async () => {
  const warm = await g.graphql(PLANS, { org: DEMO_ORG }, A);
  expect(codes(warm)).toEqual([]);
  const before = g.simulator.calls().length;
  const other = await g.graphql(PLANS, { org: DEMO_ORG }, B);
  expect(codes(other)).toContain('FORBIDDEN');
  expect(other.text).not.toContain('High Savings');
  // Its own upstream call was made with its own key.
  expect(g.simulator.calls().length).toBeGreaterThan(before);
  expect(callsWithB()).toBeGreaterThan(0);
});

test('concurrent identical queries of two keys share nothing (loaders, in-flight coalescing)', async () => {
  g.simulator.setLatency(30);
  try {
    const [a, b] = await Promise.all([
      g.graphql(PLANS, { org: DEMO_ORG }, A),
      g.graphql(PLANS, { org: DEMO_ORG }, B),
    ]);
    expect(codes(a)).toEqual([]);
    expect(codes(b)).toContain('FORBIDDEN');
    expect(b.text).not.toContain('High Savings');
  } finally {
    g.simulator.setLatency(0);
  }
});

test('the other tenant reads its own org; demo cannot read it', async () => {
  const q = `query($org: ID!) { org(id: $org) { commitmentSummary(provider: AWS) { totalActiveCommitments } } }`;
  expect(codes(await g.graphql(q, { org: OTHER_ORG }, B))).toEqual([]);
  expect(codes(await g.graphql(q, { org: OTHER_ORG }, A))).toContain('FORBIDDEN');
});

test('an upstream answer marked Cache-Control: public is still fetched per key, and never shared', async () => {
  const viaProxy = await startTestGateway(hardened({ simulator: g.simulator, upstreamUrl: proxy.url }));
  proxy.tamper = (_req, answer) => ({
    ...answer,
    headers: {
      ...answer.headers,
      'cache-control': 'public, max-age=3600',
      expires: 'Thu, 01 Jan 2099 00:00:00 GMT',
    },
  });
  try {
    const a = await viaProxy.graphql(PLANS, { org: DEMO_ORG }, A);
    expect(codes(a)).toEqual([]);
    expect(a.headers.get('cache-control')).toBe('private, no-store');
    const b = await viaProxy.graphql(PLANS, { org: DEMO_ORG }, B);
    expect(codes(b)).toContain('FORBIDDEN');
    expect(b.text).not.toContain('High Savings');
    expect(b.headers.get('cache-control')).toBe('private, no-store');
    expect(callsWithB()).toBeGreaterThan(0);
  } finally {
    proxy.tamper = (_req, answer) => answer;
    await viaProxy.close();
  }
});

test('persisted queries are per key: a hash registered by one key is unknown to another', async () => {
  const query = `{ org(id: "${DEMO_ORG}") { id } }`;
  const persisted = { persistedQuery: { version: 1, sha256Hash: queryHash(query) } };
  const register = await g.graphql(query, undefined, A, persisted);
  expect(codes(register)).toEqual([]);
  const byHashA = await g.graphql(undefined, undefined, A, persisted);
  expect(byHashA.body.data).toEqual({ org: { id: DEMO_ORG } });
  const byHashB = await g.graphql(undefined, undefined, B, persisted);
  expect(codes(byHashB)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
});

test('idempotency records are per key: the same idempotency key from another tenant is its own request', async () => {
  const plans = await g.graphql(
    `query($org: ID!) { org(id: $org) { partnerPlans { archeraId } } }`,
    { org: CHILD_ORG },
    A,
  );
  const planId = (plans.body.data!.org as { partnerPlans: Array<{ archeraId: string }> }).partnerPlans[0]!
    .archeraId;
  const PURCHASE = `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
    purchase { purchaseId } userErrors { code } replayed } }`;
  const input = { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'shared-key-1' };
  g.simulator.resetState();
  const first = await g.graphql(PURCHASE, { input }, A);
  const a = first.body.data!.purchaseCommitmentPlan as {
    purchase: { purchaseId: string } | null;
    userErrors: unknown[];
  };
  expect(a.userErrors).toEqual([]);
  expect(a.purchase?.purchaseId).toBeTruthy();
  const second = await g.graphql(PURCHASE, { input }, B);
  const b = second.body.data!.purchaseCommitmentPlan as {
    purchase: unknown;
    userErrors: Array<{ code: string }>;
    replayed: boolean;
  };
  // Not demo's replayed purchase: demo-other's own POST, which Archera refuses for demo's child org.
  expect(b.purchase).toBeNull();
  expect(b.replayed).toBe(false);
  expect(b.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);
  expect(second.text).not.toContain(a.purchase!.purchaseId);
  expect(g.simulator.callsTo('purchasePartnerPlan')).toHaveLength(2);
  g.simulator.resetState();
});

test('the cost budget is per key: one key spending it does not touch another', async () => {
  const tight = await startTestGateway(
    hardened({
      simulator: g.simulator,
      limits: { maxCost: 5, costBudgetPerMinute: 5 },
    }),
  );
  try {
    const q = `{ org(id: "${DEMO_ORG}") { commitmentSummary(provider: AWS) { totalActiveCommitments } } }`;
    for (let i = 0; i < 5; i++) expect((await tight.graphql(q, undefined, A)).status).toBe(200);
    const refused = await tight.graphql(q, undefined, A);
    expect(refused.status).toBe(429);
    expect((await tight.graphql(q.replace(DEMO_ORG, OTHER_ORG), undefined, B)).status).toBe(200);
  } finally {
    await tight.close();
  }
});
