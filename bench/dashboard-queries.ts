/**
 * Typical dashboard queries and the length of their longest dependent chain of upstream calls
 * (how many round trips must happen one after another, at best).
 */
export const DEMO_ORG = '8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41';

export interface BenchQuery {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Upstream round trips on the longest dependent chain. */
  chain: number;
  /** Why the chain has that length. */
  why: string;
}

export const DASHBOARD_QUERIES: BenchQuery[] = [
  {
    name: 'savings overview',
    chain: 1,
    why: 'summary, metrics and recommended plan are independent: one round trip',
    query: `query($org: ID!) { org(id: $org) {
      commitmentSummary(provider: AWS) { totalActiveCommitments averageUtilization monthlyNetSavings expiring30Days expiring90Days }
      commitmentMetrics(provider: AWS, startDate: "2026-10-01", endDate: "2026-11-01") { utilization totals { netSavings grossSavings } daily { date netSavings } }
      recommendedCommitmentPlan(provider: AWS) { name savingsHourly monthlySavings }
    } }`,
  },
  {
    name: 'expiring commitments with alternatives',
    chain: 2,
    why: 'inventory page, then one batched comparison call for all 20 rows',
    query: `query($org: ID!) { org(id: $org) { commitments(provider: AWS, first: 20) { totalCount nodes {
      displayName endDate utilization monthlyNetSavings comparison { utilizationWarning candidates { contractTerm commitmentFinancialsMonthlyRate { commitmentSavings { net } } } } } } } }`,
  },
  {
    name: 'plan drill-down',
    chain: 2,
    why: 'default plans, then the line-item pages of every plan in parallel',
    query: `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { name savingsHourly
      lineItems(first: 50) { totalCount nodes { monthlySavings offer { instanceType region } } } } } }`,
  },
  {
    name: 'large plan, 250 line items',
    chain: 2,
    why: 'default plans, then 3 pages of the large plan in parallel',
    query: `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { name
      lineItems(first: 250) { totalCount nodes { savings } } } } }`,
  },
  {
    name: 'line items with their resources',
    chain: 3,
    why: 'default plans, line items, then one filtered resource-match call per line item, in parallel',
    query: `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AZURE) { name
      lineItems(first: 5) { nodes { savings resourceMatches(startDate: "2026-10-01", endDate: "2026-11-01", first: 5) { totalCount nodes { coverage resource { instanceType } } } } } } } }`,
  },
];
