/**
 * The shared upstream cache and request coalescing, through the real server: responses are shared across
 * GraphQL requests of one key only, bypassable per request, and dropped by a mutation of the org.
 */
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PLANS = `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id name status } } }`;

describe('with the response cache on', () => {
  let h: TestGateway;
  beforeAll(async () => {
    h = await startTestGateway({ config: { responseCache: true, enablePurchases: true } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.simulator.resetCalls());

  it('serves a repeated query from the cache, never to another key, and reads fresh with Cache-Control: no-cache', async () => {
    await h.graphql(PLANS, { org: DEMO_ORG });
    await h.graphql(PLANS, { org: DEMO_ORG });
    expect(h.simulator.callsTo('getDefaultPlans')).toHaveLength(1);
    // Another key asks for the same resource: it goes upstream (and is refused there), never served from cache.
    const other = await h.graphql(PLANS, { org: DEMO_ORG }, { 'x-api-key': 'demo-other' });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(h.simulator.callsTo('getDefaultPlans')).toHaveLength(2);
    await h.graphql(PLANS, { org: DEMO_ORG }, { 'x-api-key': 'demo', 'cache-control': 'no-cache' });
    expect(h.simulator.callsTo('getDefaultPlans')).toHaveLength(3);
  });

  it('drops the cached reads of an org after a purchase, so the new status shows', async () => {
    const list = `query($org: ID!) { org(id: $org) { partnerPlans { id status } } }`;
    const before = (await h.graphql(list, { org: CHILD_ORG })).body.data as Data;
    const plan =
      before.org.partnerPlans.find((p: { status: string }) => p.status === 'NEW') ??
      before.org.partnerPlans[0];
    await h.graphql(list, { org: CHILD_ORG });
    expect(h.simulator.callsTo('getPartnerDefaultPlans')).toHaveLength(1);
    const bought = await h.graphql(
      `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) { userErrors { code } } }`,
      { input: { orgId: CHILD_ORG, planId: plan.id, confirm: true, idempotencyKey: 'cache-invalidation' } },
    );
    expect((bought.body.data as Data).purchaseCommitmentPlan.userErrors).toEqual([]);
    const after = (await h.graphql(list, { org: CHILD_ORG })).body.data as Data;
    expect(after.org.partnerPlans.find((p: { id: string }) => p.id === plan.id).status).not.toBe(plan.status);
  });
});

describe('with the response cache off', () => {
  let h: TestGateway;
  beforeAll(async () => {
    h = await startTestGateway({ config: { responseCache: false } });
  });
  afterAll(() => h.close());

  it('still coalesces identical GETs in flight from different GraphQL requests of one key', async () => {
    h.simulator.setLatency(200);
    h.simulator.resetCalls();
    const results = await Promise.all([1, 2, 3].map(() => h.graphql(PLANS, { org: DEMO_ORG })));
    for (const r of results) expect(r.body.errors).toBeUndefined();
    expect(h.simulator.callsTo('getDefaultPlans')).toHaveLength(1);
    h.simulator.setLatency(0);
    await h.graphql(PLANS, { org: DEMO_ORG });
    expect(h.simulator.callsTo('getDefaultPlans')).toHaveLength(2);
  });
});
