/**
 * Walks the 16 upstream endpoints of the vendor docs (src/upstream/endpoints.ts) and proves that each one
 * is reached through the graph: 14 reads by one query, the 2 POSTs by the two mutations; and that none
 * of their answers differs from our specs (drift telemetry stays at zero against the simulator).
 */
import { UPSTREAM_ENDPOINTS } from '../../src/upstream/endpoints';
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let h: TestGateway;
beforeAll(async () => {
  h = await startTestGateway({ config: { enablePurchases: true } });
});
afterAll(() => h.close());

it('reaches every one of the 16 upstream endpoints through queries and mutations', async () => {
  expect(UPSTREAM_ENDPOINTS).toHaveLength(16);
  const { body } = await h.graphql(
    `query($org: ID!, $child: ID!) {
      org(id: $org) {
        defaultCommitmentPlans(provider: AWS) { id status isCalculating
          lineItems(first: 1) { totalCount nodes { resourceMatches(startDate: "2026-10-01", endDate: "2026-11-01", first: 1) { totalCount } } }
          resourceMatches(startDate: "2026-10-01", endDate: "2026-11-01", first: 1) { totalCount }
        }
        recommendedCommitmentPlan(provider: AWS) { id }
        commitments(provider: AWS, first: 2) { nodes { id details { periodStart } comparison { commitmentId } } }
        commitmentSummary(provider: AWS) { totalActiveCommitments }
        commitmentMetrics(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01") { utilization }
        commitmentCoverage(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01") { coverage }
        commitmentComparison(provider: AWS) { skippedCommitments { reason } }
        commitmentAttributes { field }
        commitmentAttributeValues(field: "type", provider: AWS)
      }
      child: org(id: $child) { partnerPlans { id } }
    }`,
    { org: DEMO_ORG, child: CHILD_ORG },
  );
  expect(body.errors).toBeUndefined();
  const data = body.data as Data;
  const planId = (
    data.org.defaultCommitmentPlans as Array<{ id: string; status: string; isCalculating: boolean }>
  ).find((p) => !p.isCalculating && ['NEW', 'REVIEWED', 'DRAFT', 'NEEDS_REVIEW'].includes(p.status))!.id;
  // The byId path (GET plan) is reached through node(id) of a plan no list in the request holds.
  await h.graphql(`query($id: ID!) { node(id: $id) { id } }`, { id: planId });
  const apply = await h.graphql(
    `mutation($input: ApplyCommitmentPlanInput!) { applyCommitmentPlan(input: $input) { userErrors { code } } }`,
    { input: { orgId: DEMO_ORG, planId, idempotencyKey: 'coverage-apply' } },
  );
  expect((apply.body.data as Data).applyCommitmentPlan.userErrors).toEqual([]);
  const purchase = await h.graphql(
    `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) { userErrors { code } } }`,
    {
      input: {
        orgId: CHILD_ORG,
        planId: data.child.partnerPlans[0].id,
        confirm: true,
        idempotencyKey: 'coverage-purchase',
      },
    },
  );
  expect((purchase.body.data as Data).purchaseCommitmentPlan.userErrors).toEqual([]);

  const reached = new Set(
    h.simulator
      .calls()
      .filter((c) => c.status >= 200 && c.status < 300)
      .map((c) => c.endpoint),
  );
  const missing = UPSTREAM_ENDPOINTS.filter((e) => !reached.has(e.name)).map((e) => `${e.method} ${e.path}`);
  expect(missing).toEqual([]);

  // The simulator answers as the specs say: the drift counter has not moved on any of the 15 endpoints.
  const { body: metrics } = await h.gateway.metrics.expose();
  expect(metrics).toContain('# TYPE archera_graphql_upstream_drift_total counter');
  expect(metrics.split('\n').filter((l) => l.startsWith('archera_graphql_upstream_drift_total{'))).toEqual(
    [],
  );
  expect(
    metrics.split('\n').filter((l) => l.startsWith('archera_graphql_upstream_items_dropped_total{')),
  ).toEqual([]);
});
