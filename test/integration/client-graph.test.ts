/**
 * The graph as a client cache sees it: an id means one set of values (period-dependent data lives in
 * objects whose identity includes the period, or that have no id), objects link to each other instead of
 * naming UUIDs, facet filters, the commitments API's own provider enum, plan status for UIs that wait on a
 * calculation, and payloads that bring a cached plan list up to date by themselves.
 */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let simulator: StartedSimulator;
let g: TestGateway;
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  g = await startTestGateway({ simulator, config: { enablePurchases: true } });
});
afterAll(async () => {
  await g.close();
  await simulator.close();
});
beforeEach(() => {
  simulator.resetCalls();
  simulator.resetState();
});

async function query(
  q: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<Data> {
  const r = await g.graphql(q, variables, headers);
  expect(r.body.errors).toBeUndefined();
  return r.body.data as Data;
}

const SEPTEMBER = { startDate: '2026-09-01', endDate: '2026-10-01' };
const OCTOBER = { startDate: '2026-10-01', endDate: '2026-11-01' };
const COMMITMENT = FIXTURES.commitment.commitmentId;

describe('identity: an id means one set of values', () => {
  test('a commitment looked up for two periods is one object; its details hold each period’s numbers', async () => {
    const data = await query(
      `query($id: ID!) { org(id: "${DEMO_ORG}") {
        sep: commitment(id: $id, startDate: "${SEPTEMBER.startDate}", endDate: "${SEPTEMBER.endDate}") {
          id utilization monthlyNetSavings details { periodStart periodEnd utilization dailyUtilization { date } } }
        oct: commitment(id: $id, startDate: "${OCTOBER.startDate}", endDate: "${OCTOBER.endDate}") {
          id utilization monthlyNetSavings details { periodStart periodEnd utilization dailyUtilization { date } } }
        plain: commitment(id: $id) { id utilization monthlyNetSavings } } }`,
      { id: COMMITMENT },
    );
    const { sep, oct, plain } = data.org;
    // The commitment's own fields are the same wherever its id appears.
    expect(sep.id).toBe(oct.id);
    expect({ utilization: sep.utilization, savings: sep.monthlyNetSavings }).toEqual({
      utilization: oct.utilization,
      savings: oct.monthlyNetSavings,
    });
    expect({ utilization: plain.utilization, savings: plain.monthlyNetSavings }).toEqual({
      utilization: sep.utilization,
      savings: sep.monthlyNetSavings,
    });
    // Its details follow the period of the lookup, and differ by period.
    expect(sep.details.periodStart).toBe(SEPTEMBER.startDate);
    expect(oct.details.periodStart).toBe(OCTOBER.startDate);
    expect(sep.details.utilization).not.toBe(oct.details.utilization);
    expect(sep.details.dailyUtilization).toHaveLength(30);
    expect(oct.details.dailyUtilization).toHaveLength(31);
  });

  test('dates on details win over the lookup’s period', async () => {
    const data = await query(
      `query($id: ID!) { org(id: "${DEMO_ORG}") {
        commitment(id: $id, startDate: "${SEPTEMBER.startDate}", endDate: "${SEPTEMBER.endDate}") {
          details(startDate: "${OCTOBER.startDate}", endDate: "${OCTOBER.endDate}") { periodStart } } } }`,
      { id: COMMITMENT },
    );
    expect(data.org.commitment.details.periodStart).toBe(OCTOBER.startDate);
  });

  test('a resource match has an id per period; its Archera id stays', async () => {
    const matches = `resourceMatches(startDate: $start, endDate: $end, first: 3) { nodes { id archeraId totalUnits } }`;
    const read = async (period: typeof SEPTEMBER): Promise<Array<Data>> =>
      (
        await query(
          `query($plan: ID!, $start: Date!, $end: Date!) { org(id: "${DEMO_ORG}") { commitmentPlan(id: $plan) { ${matches} } } }`,
          { plan: FIXTURES.largePlan.planId, start: period.startDate, end: period.endDate },
        )
      ).org.commitmentPlan.resourceMatches.nodes;
    const [sep, oct] = [await read(SEPTEMBER), await read(OCTOBER)];
    const byArchera = new Map(oct.map((m) => [m.archeraId, m]));
    const shared = sep.filter((m) => byArchera.has(m.archeraId));
    expect(shared.length).toBeGreaterThan(0);
    for (const m of shared) expect(m.id).not.toBe(byArchera.get(m.archeraId)!.id);
    expect(new Set(sep.map((m) => m.id)).size).toBe(sep.length);
  });
});

describe('links instead of UUIDs', () => {
  test('a line item links to its plan, at no extra upstream call', async () => {
    const data = await query(
      `query($plan: ID!) { org(id: "${DEMO_ORG}") { commitmentPlan(id: $plan) { id lineItems(first: 5) { nodes { plan { id name } } } } } }`,
      { plan: FIXTURES.balancedPlan.planId },
    );
    const plan = data.org.commitmentPlan;
    for (const item of plan.lineItems.nodes) expect(item.plan.id).toBe(plan.id);
    expect(simulator.callsTo('getPlan')).toHaveLength(1);
  });

  test('a partner plan links to the v1 plan it presents', async () => {
    const data = await query(
      `{ org(id: "${CHILD_ORG}") { partnerPlans { name plan { name archeraId org { id } } } } }`,
    );
    const plans = data.org.partnerPlans as Array<Data>;
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) expect(p.plan).toMatchObject({ name: p.name, org: { id: CHILD_ORG } });
    expect(simulator.callsTo('getDefaultPlans')).toHaveLength(1);
  });

  test('a comparison links every commitment it names with one inventory call', async () => {
    const data = await query(`{ org(id: "${DEMO_ORG}") { commitmentComparison(provider: AWS) {
      data { commitmentId commitment { id archeraId displayName } }
      hypotheticalTotals { resolutions { commitmentId commitment { archeraId } } } } } }`);
    const entries = data.org.commitmentComparison.data as Array<Data>;
    expect(entries.length).toBeGreaterThan(5);
    for (const e of entries) expect(e.commitment.archeraId).toBe(e.commitmentId);
    for (const total of data.org.commitmentComparison.hypotheticalTotals as Array<Data>) {
      for (const r of total.resolutions) expect(r.commitment.archeraId).toBe(r.commitmentId);
    }
    expect(simulator.callsTo('listCommitments')).toHaveLength(1);
    expect(simulator.callsTo('getCommitmentDetails')).toHaveLength(0);
  });
});

describe('facets and the commitments API’s providers', () => {
  test('a facet filter returns only matching commitments, and totalCount counts only them', async () => {
    const all = (
      await query(
        `{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, onlyActive: false, first: 500) { totalCount nodes { type region } } } }`,
      )
    ).org.commitments;
    const types = (
      await query(
        `{ org(id: "${DEMO_ORG}") { commitmentAttributeValues(field: "type", provider: AWS, onlyActive: false) } }`,
      )
    ).org.commitmentAttributeValues as string[];
    expect(types.length).toBeGreaterThan(1);
    const wanted = types[0]!;
    const filtered = (
      await query(
        `query($f: [CommitmentFilter!]) { org(id: "${DEMO_ORG}") { commitments(provider: AWS, onlyActive: false, first: 500, filter: $f) { totalCount nodes { type } } } }`,
        { f: [{ field: 'type', values: [wanted] }] },
      )
    ).org.commitments;
    const expected = (all.nodes as Array<Data>).filter((n) => n.type === wanted).length;
    expect(filtered.totalCount).toBe(expected);
    expect(filtered.nodes).toHaveLength(expected);
    expect((filtered.nodes as Array<Data>).every((n) => n.type === wanted)).toBe(true);
    // Two filters on one field are alternatives; the same filter in another order is the same list.
    const both = (
      await query(
        `query($f: [CommitmentFilter!]) { org(id: "${DEMO_ORG}") { commitments(provider: AWS, onlyActive: false, first: 1, filter: $f) { totalCount } } }`,
        {
          f: [
            { field: 'type', values: [types[1]] },
            { field: 'type', values: [wanted] },
          ],
        },
      )
    ).org.commitments;
    expect(both.totalCount).toBe(
      (all.nodes as Array<Data>).filter((n) => n.type === wanted || n.type === types[1]).length,
    );
  });

  test('metrics and coverage take the same filter', async () => {
    const q = `query($f: [CommitmentFilter!]) { org(id: "${DEMO_ORG}") {
      all: commitmentMetrics(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01") { totals { grossSavings } }
      some: commitmentMetrics(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01", filter: $f) { totals { grossSavings } }
      coverage: commitmentCoverage(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01", filter: $f) { coverage daily { date coverage } } } }`;
    const data = await query(q, { f: [{ field: 'type', values: ['Compute'] }] });
    expect(data.org.some.totals.grossSavings).toBeLessThan(data.org.all.totals.grossSavings);
    expect(data.org.coverage.daily).toHaveLength(31);
  });

  test('attribute values can be ordered', async () => {
    const q = (desc: boolean): string =>
      `{ org(id: "${DEMO_ORG}") { commitmentAttributeValues(field: "region", provider: AWS, orderBy: REGION, desc: ${desc}) } }`;
    const up = (await query(q(false))).org.commitmentAttributeValues as string[];
    const down = (await query(q(true))).org.commitmentAttributeValues as string[];
    expect(up).toEqual([...up].sort());
    expect(down).toEqual([...up].reverse());
  });
});

describe('plan status for UIs', () => {
  test('a missing recommended plan says whether plans are still being calculated', async () => {
    const data = await query(`{ org(id: "${DEMO_ORG}") {
      aws: recommendationStatus(provider: AWS) gcp: recommendationStatus(provider: GCP)
      gcpPlan: recommendedCommitmentPlan(provider: GCP) { id } } }`);
    expect(data.org).toEqual({ aws: 'AVAILABLE', gcp: 'CALCULATING', gcpPlan: null });
  });

  test('a plan that is calculating is never served from the shared cache; a settled one is', async () => {
    const cached = await startTestGateway({ simulator, config: { responseCache: true } });
    try {
      const q = (provider: string): string =>
        `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: ${provider}) { isCalculating } } }`;
      for (let i = 0; i < 2; i++) {
        await cached.graphql(q('GCP'));
        await cached.graphql(q('AWS'));
      }
      const calls = simulator.callsTo('getDefaultPlans').map((c) => c.query.provider);
      expect(calls.filter((p) => p === 'gcp')).toHaveLength(2);
      expect(calls.filter((p) => p === 'aws')).toHaveLength(1);
    } finally {
      await cached.close();
    }
  });

  test('applying a plan still calculating is refused before any POST, with its own code', async () => {
    const data = await query(
      `mutation($input: ApplyCommitmentPlanInput!) { applyCommitmentPlan(input: $input) { plan { id } userErrors { code message } } }`,
      { input: { orgId: DEMO_ORG, planId: FIXTURES.noRecommendedPlan.planId, idempotencyKey: 'calc-1' } },
    );
    expect(data.applyCommitmentPlan.userErrors).toEqual([
      { code: 'PLAN_CALCULATING', message: expect.stringContaining('still being calculated') },
    ]);
    expect(simulator.callsTo('applyPlan')).toHaveLength(0);
  });
});

describe('payloads bring a cached plan list up to date', () => {
  test('a purchase answers its id (found again by node), the plan and the org’s fresh partner plans', async () => {
    const before = await query(`{ org(id: "${CHILD_ORG}") { partnerPlans { id archeraId status } } }`);
    const target = (before.org.partnerPlans as Array<Data>)[0]!;
    simulator.resetCalls();
    const result = (
      await query(
        `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
          purchase { id purchaseId status } plan { id status plan { id status } }
          org { partnerPlans { id status } } userErrors { code } } }`,
        {
          input: { orgId: CHILD_ORG, planId: target.id, confirm: true, idempotencyKey: 'client-graph-buy-1' },
        },
      )
    ).purchaseCommitmentPlan;
    expect(result.userErrors).toEqual([]);
    const listed = (result.org.partnerPlans as Array<Data>).find((p) => p.id === target.id)!;
    expect(listed.status).not.toBe(target.status);
    expect(result.plan).toMatchObject({ id: target.id, status: listed.status });
    expect(result.plan.plan.status).toBe('IN_PROGRESS');
    // Read fresh after the POST (the partner plans, the v1 plans): never answered from before it.
    const calls = simulator.calls().map((c) => c.endpoint);
    expect(calls.indexOf('purchasePartnerPlan')).toBeLessThan(calls.lastIndexOf('getPartnerDefaultPlans'));
    simulator.resetCalls();
    const again = await query(
      `query($id: ID!) { node(id: $id) { id ... on CommitmentPurchase { purchaseId status } } }`,
      {
        id: result.purchase.id,
      },
    );
    expect(again.node).toEqual(result.purchase);
    expect(simulator.calls()).toHaveLength(0);
    // Another key cannot find it.
    const other = await g.graphql(
      `query($id: ID!) { node(id: $id) { id } }`,
      { id: result.purchase.id },
      { 'x-api-key': 'demo-other' },
    );
    expect(other.body.data).toEqual({ node: null });
  });

  test('an apply answers the plan read again and the org to refresh its lists', async () => {
    const plans = (
      await query(
        `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id archeraId status isCalculating } } }`,
      )
    ).org.defaultCommitmentPlans as Array<Data>;
    const target = plans.find((p) => !p.isCalculating && p.status !== 'SCHEDULED')!;
    const result = (
      await query(
        `mutation($input: ApplyCommitmentPlanInput!) { applyCommitmentPlan(input: $input) {
          plan { id status } org { defaultCommitmentPlans(provider: AWS) { id status } } userErrors { code } } }`,
        { input: { orgId: DEMO_ORG, planId: target.id, idempotencyKey: 'client-graph-apply-1' } },
      )
    ).applyCommitmentPlan;
    expect(result.userErrors).toEqual([]);
    expect(result.plan).toEqual({ id: target.id, status: 'SCHEDULED' });
    expect((result.org.defaultCommitmentPlans as Array<Data>).find((p) => p.id === target.id)!.status).toBe(
      'SCHEDULED',
    );
  });
});
