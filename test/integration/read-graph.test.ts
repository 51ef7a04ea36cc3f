/**
 * The whole read graph against the simulator: every read endpoint is reachable, and the number of upstream
 * calls each query shape costs is exactly the minimum.
 */
import { UPSTREAM_ENDPOINTS } from '../../src/upstream/endpoints';
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

let h: TestGateway;
beforeAll(async () => {
  h = await startTestGateway();
});
afterAll(() => h.close());
beforeEach(() => {
  h.simulator.resetCalls();
  h.simulator.setLatency(0);
});

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function ok(query: string, variables: Record<string, unknown> = {}): Promise<Data> {
  const { body } = await h.graphql(query, { org: DEMO_ORG, ...variables });
  expect(body.errors).toBeUndefined();
  return body.data as Data;
}

async function codeOf(query: string, variables: Record<string, unknown> = {}): Promise<unknown> {
  const { body } = await h.graphql(query, { org: DEMO_ORG, ...variables });
  return body.errors?.[0]?.extensions?.code;
}

const count = (endpoint: Parameters<TestGateway['simulator']['callsTo']>[0]): number =>
  h.simulator.callsTo(endpoint).length;

async function somePlanWithItems(): Promise<{ id: string; archeraId: string; total: number }> {
  const data = await ok(
    `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id archeraId lineItems(first: 1) { totalCount } } } }`,
  );
  const plans = data.org.defaultCommitmentPlans as Array<{
    id: string;
    archeraId: string;
    lineItems: { totalCount: number };
  }>;
  const plan = plans
    .filter((p) => p.lineItems.totalCount >= 3)
    .sort((a, b) => a.lineItems.totalCount - b.lineItems.totalCount)[0]!;
  h.simulator.resetCalls();
  return { id: plan.id, archeraId: plan.archeraId, total: plan.lineItems.totalCount };
}

describe('every upstream read endpoint is reached by some query', () => {
  it('walks the 14 read endpoints (the 2 POSTs are mutations)', async () => {
    const plan = await somePlanWithItems();
    const data = await ok(
      `query($org: ID!, $child: ID!, $plan: ID!) {
        org(id: $org) {
          commitmentPlan(id: $plan) {
            lineItems(first: 2) { nodes { archeraId resourceMatches(startDate: "2026-10-01", endDate: "2026-11-01", first: 2) { totalCount nodes { resource { sku: skuName } } } } }
            resourceMatches(startDate: "2026-10-01", endDate: "2026-11-01", first: 5) { totalCount nodes { id usageType coverage resource { provider instanceType tags } } }
          }
          defaultCommitmentPlans(provider: AZURE) { name }
          recommendedCommitmentPlan(provider: AWS) { name }
          commitments(provider: AWS, first: 3) { totalCount nodes { archeraId displayName details { periodStart dailyUtilization { date utilization } attribution { totalCoveredCost } } comparison { utilizationWarning candidates { contractTerm } } } }
          commitmentSummary(provider: AWS) { totalActiveCommitments averageUtilization byTerm { contractTerm count } }
          commitmentMetrics(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01") { utilization totals { netSavings } daily { date netSavings } }
          commitmentCoverage(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01") { coverage daily { date coverage } }
          commitmentComparison(provider: AWS) { currentTotals { commitmentSavings { net } } hypotheticalTotals { contractTerm paymentOption lowUtilizationCommitmentCount } skippedCommitments { reason } }
          commitmentAttributes { name field type }
          commitmentAttributeValues(field: "type", provider: AWS)
        }
        child: org(id: $child) { partnerPlans { id archeraId name risk { riskLevel } configuration { contractTerm paymentOption } } }
      }`,
      { child: CHILD_ORG, plan: plan.id },
    );
    expect(data.org.commitments.nodes).toHaveLength(3);
    expect(data.child.partnerPlans.length).toBeGreaterThan(0);
    const reached = new Set(h.simulator.calls().map((c) => c.endpoint));
    const reads = UPSTREAM_ENDPOINTS.filter((e) => e.method === 'GET');
    expect(reads).toHaveLength(14);
    for (const endpoint of reads)
      expect({ endpoint: endpoint.name, reached: reached.has(endpoint.name) }).toEqual({
        endpoint: endpoint.name,
        reached: true,
      });
  });
});

describe('upstream calls per query', () => {
  it('one list field costs one call', async () => {
    await ok(`query($org: ID!) { org(id: $org) { commitmentAttributes { field } } }`);
    expect(h.simulator.calls()).toHaveLength(1);
    h.simulator.resetCalls();
    await ok(
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 50) { nodes { archeraId } } } }`,
    );
    expect(h.simulator.calls()).toHaveLength(1);
  });

  it('node(id) of a plan listed by defaultCommitmentPlans in the same request costs no extra call', async () => {
    const plan = await somePlanWithItems();
    const data = await ok(
      `query($org: ID!, $id: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id } } node(id: $id) { id } }`,
      {
        id: plan.id,
      },
    );
    expect(data.node.id).toBe(plan.id);
    expect(h.simulator.calls()).toHaveLength(1);
  });

  it('the same resource through two aliases and node(id) costs one call', async () => {
    const plan = await somePlanWithItems();
    const data = await ok(
      `query($org: ID!, $g: ID!, $u: ID!) { org(id: $org) { a: commitmentPlan(id: $g) { name } b: commitmentPlan(id: $u) { name } } node(id: $g) { id } }`,
      { g: plan.id, u: plan.archeraId },
    );
    expect(data.node.id).toBe(plan.id);
    expect(count('getPlan')).toBe(1);
    expect(h.simulator.calls()).toHaveLength(1);
  });

  it('node(id) of a commitment listed in the same request costs nothing more', async () => {
    const listed = await ok(
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 1) { nodes { id } } } }`,
    );
    const id = listed.org.commitments.nodes[0].id as string;
    h.simulator.resetCalls();
    // node() and the list start in the same tick; the lookup waits for the list and is served from it.
    const data = await ok(
      `query($org: ID!, $id: ID!) { org(id: $org) { commitments(provider: AWS, first: 1) { nodes { displayName } } } node(id: $id) { ... on Commitment { displayName } } }`,
      { id },
    );
    expect(data.node.displayName).toBe(data.org.commitments.nodes[0].displayName);
    expect(h.simulator.calls()).toHaveLength(1);
  });

  it('comparison under each of 20 commitments of a page is one comparison call, each receiving its own alternatives', async () => {
    const data = await ok(
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 20) { nodes { archeraId comparison { commitmentId candidates { contractTerm } } comparisonSkippedReason } } } }`,
    );
    const nodes = data.org.commitments.nodes as Array<{
      archeraId: string;
      comparison: { commitmentId: string } | null;
      comparisonSkippedReason: string | null;
    }>;
    expect(nodes).toHaveLength(20);
    expect(count('getCommitmentComparison')).toBe(1);
    expect(count('listCommitments')).toBe(1);
    const [call] = h.simulator.callsTo('getCommitmentComparison');
    const asked = ([] as string[]).concat(call!.query.commitment_ids ?? []);
    expect(asked.sort()).toEqual(nodes.map((n) => n.archeraId).sort());
    for (const node of nodes) {
      if (node.comparison) expect(node.comparison.commitmentId).toBe(node.archeraId);
      else expect(node.comparisonSkippedReason).toEqual(expect.any(String));
    }
    expect(nodes.some((n) => n.comparison !== null)).toBe(true);
  });

  it('lineItems(first: 250) on a plan of more than 250 items is 3 concurrent calls, 250 edges, hasNextPage', async () => {
    const plans = await ok(
      `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id lineItems(first: 1) { totalCount } } } }`,
    );
    const large = (
      plans.org.defaultCommitmentPlans as Array<{ id: string; lineItems: { totalCount: number } }>
    ).find((p) => p.lineItems.totalCount > 250)!;
    h.simulator.resetCalls();
    h.simulator.setLatency(150);
    const data = await ok(
      `query($org: ID!, $id: ID!) { org(id: $org) { commitmentPlan(id: $id) { lineItems(first: 250) { totalCount pageInfo { hasNextPage } edges { node { archeraId } } } } } }`,
      {
        id: large.id,
      },
    );
    const conn = data.org.commitmentPlan.lineItems;
    expect(conn.edges).toHaveLength(250);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    const calls = h.simulator.callsTo('listLineItems');
    expect(calls).toHaveLength(3);
    // Concurrent: all three arrived before the first could have been answered (150 ms injected latency).
    const arrivals = calls.map((c) => c.at);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(100);
  });

  it('LineItem.resourceMatches is one filtered call per line item, all started together', async () => {
    const plan = await somePlanWithItems();
    h.simulator.setLatency(150);
    const data = await ok(
      `query($org: ID!, $id: ID!) { org(id: $org) { commitmentPlan(id: $id) { lineItems(first: 3) { nodes { archeraId resourceMatches(startDate: "2026-10-01", endDate: "2026-11-01", first: 5) { totalCount } } } } } }`,
      { id: plan.id },
    );
    const items = data.org.commitmentPlan.lineItems.nodes as Array<{ archeraId: string }>;
    const calls = h.simulator.callsTo('listResourceMatches');
    expect(calls).toHaveLength(items.length);
    expect(calls.map((c) => String(c.query.line_item_ids)).sort()).toEqual(
      items.map((i) => i.archeraId).sort(),
    );
    const arrivals = calls.map((c) => c.at);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(100);
  });

  it('orgs(ids) fans out over child orgs, one call per org and field', async () => {
    const data = await ok(
      `query($ids: [ID!]!) { orgs(ids: $ids) { id defaultCommitmentPlans(provider: AWS) { name } } }`,
      { ids: [DEMO_ORG, CHILD_ORG] },
    );
    expect(data.orgs.map((o: { id: string }) => o.id)).toEqual([DEMO_ORG, CHILD_ORG]);
    expect(count('getDefaultPlans')).toBe(2);
  });

  it('a plan looked up by id fetches its line items alongside itself, not after', async () => {
    const plan = await somePlanWithItems();
    h.simulator.setLatency(150);
    const data = await ok(
      `query($org: ID!, $id: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { name } commitmentPlan(id: $id) { name lineItems(first: 5) { totalCount nodes { archeraId } } } } }`,
      { id: plan.id },
    );
    expect(data.org.commitmentPlan.lineItems.nodes).toHaveLength(5);
    // The plan comes from the default-plans list of the same request; its line items start right away.
    expect(
      h.simulator
        .calls()
        .map((c) => c.endpoint)
        .sort(),
    ).toEqual(['getDefaultPlans', 'listLineItems']);
    const arrivals = h.simulator.calls().map((c) => c.at);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(100);
  });

  it('independent root fields start together', async () => {
    h.simulator.setLatency(150);
    await ok(
      `query($org: ID!) { org(id: $org) { commitmentSummary(provider: AWS) { totalActiveCommitments } commitmentAttributes { field } defaultCommitmentPlans(provider: GCP) { name } } }`,
    );
    const arrivals = h.simulator.calls().map((c) => c.at);
    expect(arrivals).toHaveLength(3);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(100);
  });
});

describe('recommended plan', () => {
  it('is null (no error) when the upstream answers 204, for some provider', async () => {
    const data = await ok(
      `query($org: ID!) { org(id: $org) { aws: recommendedCommitmentPlan(provider: AWS) { name } azure: recommendedCommitmentPlan(provider: AZURE) { name } gcp: recommendedCommitmentPlan(provider: GCP) { name } } }`,
    );
    const values = [data.org.aws, data.org.azure, data.org.gcp];
    expect(values.filter((v) => v === null).length).toBeGreaterThanOrEqual(1);
    expect(values.filter((v) => v !== null).every((v: { name: string }) => v.name === 'Recommended')).toBe(
      true,
    );
  });
});

describe('global ids', () => {
  it('node() resolves a plan, a line item, a commitment and a partner plan; nodes() keeps order', async () => {
    const plan = await somePlanWithItems();
    const data = await ok(
      `query($org: ID!, $child: ID!, $plan: ID!) {
        org(id: $org) { commitmentPlan(id: $plan) { id lineItems(first: 1) { nodes { id } } } commitments(provider: AWS, first: 1) { nodes { id } } }
        child: org(id: $child) { partnerPlans { id } }
      }`,
      { child: CHILD_ORG, plan: plan.id },
    );
    const ids = [
      data.org.commitmentPlan.id,
      data.org.commitmentPlan.lineItems.nodes[0].id,
      data.org.commitments.nodes[0].id,
      data.child.partnerPlans[0].id,
    ] as string[];
    const resolved = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids });
    expect(resolved.nodes.map((n: { __typename: string }) => n.__typename)).toEqual([
      'CommitmentPlan',
      'LineItem',
      'Commitment',
      'PartnerPlan',
    ]);
    expect(resolved.nodes.map((n: { id: string }) => n.id)).toEqual(ids);
  });

  it('lookups accept the global id or the Archera id', async () => {
    const listed = await ok(
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 1) { nodes { id archeraId } } } }`,
    );
    const { id, archeraId } = listed.org.commitments.nodes[0];
    const data = await ok(
      `query($org: ID!, $a: ID!, $b: ID!) { org(id: $org) { a: commitment(id: $a) { id } b: commitment(id: $b) { id } } }`,
      { a: id, b: archeraId },
    );
    expect(data.org.a.id).toBe(id);
    expect(data.org.b.id).toBe(id);
  });
});

describe('bad arguments are refused before any upstream call', () => {
  it.each([
    [
      'first over the cap',
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 501) { totalCount } } }`,
    ],
    [
      'first with last',
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 1, last: 1) { totalCount } } }`,
    ],
    [
      'a reversed date range',
      `query($org: ID!) { org(id: $org) { commitmentMetrics(provider: AWS, startDate: "2026-11-01", endDate: "2026-10-01") { utilization } } }`,
    ],
    ['a malformed commitment id', `query($org: ID!) { org(id: $org) { commitment(id: "nope") { id } } }`],
    ['a malformed global id', `{ node(id: "!!!") { id } }`],
    [
      'a malformed date',
      `query($org: ID!) { org(id: $org) { commitmentMetrics(provider: AWS, startDate: "2026-13-01", endDate: "2026-12-01") { utilization } } }`,
    ],
    [
      'a bad cursor',
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, after: "bogus") { totalCount } } }`,
    ],
    [
      'a filter without values',
      `query($org: ID!) { org(id: $org) { commitments(provider: AWS, filter: [{ field: "type", values: [] }]) { totalCount } } }`,
    ],
    [
      'OTHER as an argument',
      `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: OTHER) { id } } }`,
    ],
  ])('%s', async (_name, query) => {
    expect(await codeOf(query)).toBe('BAD_USER_INPUT');
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it.each([
    ['commitments', 'commitments(provider: KUBERNETES) { totalCount }'],
    ['the summary', 'commitmentSummary(provider: UNKNOWN) { averageUtilization }'],
    [
      'the metrics',
      'commitmentMetrics(provider: KUBERNETES, startDate: "2026-10-01", endDate: "2026-11-01") { utilization }',
    ],
  ])(
    'a provider the commitments API lacks fails validation on %s (CommitmentProvider has AWS, AZURE, GCP)',
    async (_name, field) => {
      expect(await codeOf(`query($org: ID!) { org(id: $org) { ${field} } }`)).toBe(
        'GRAPHQL_VALIDATION_FAILED',
      );
      expect(h.simulator.calls()).toHaveLength(0);
    },
  );
});

describe('partial data', () => {
  it('one failing upstream field is null with its coded error; its siblings still resolve', async () => {
    h.simulator.setFaults([{ endpoint: 'getCommitmentSummary', kind: 'status', status: 500 }]);
    try {
      const { body } = await h.graphql(
        `query($org: ID!) { org(id: $org) { id commitmentSummary(provider: AWS) { totalActiveCommitments } defaultCommitmentPlans(provider: AWS) { name } commitmentAttributes { field } } }`,
        { org: DEMO_ORG },
      );
      const org = (body.data as Data).org;
      expect(org.id).toBe(DEMO_ORG);
      expect(org.commitmentSummary).toBeNull();
      expect(org.defaultCommitmentPlans).toHaveLength(3);
      expect(org.commitmentAttributes.length).toBeGreaterThan(0);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]).toMatchObject({
        path: ['org', 'commitmentSummary'],
        extensions: { code: 'UPSTREAM_ERROR' },
      });
    } finally {
      h.simulator.clearFaults();
    }
  });
});
