/**
 * The operations of `npm run bench` (compare.ts), each written for every target that can express it: our
 * gateway's query, the equivalent operation on GraphQL Mesh's generated root fields (Mesh knows only the v1
 * spec), and for the one-call query the REST request itself (direct and through the bare proxy).
 */
import { FIXTURES } from '../src/simulator';

export const ORG = FIXTURES.orgs.demo;
/** The AWS "Recommended" default plan of the demo org (31 line items). */
export const PLAN = FIXTURES.recommendedPlan.planId;
export const DEFAULT_AWS_PLANS: readonly string[] = FIXTURES.defaultPlanIds[ORG]!.aws;

export interface HttpStep {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export interface Workload {
  key: 'one-call' | 'nested' | 'plan-page';
  title: string;
  /** What it asks for, in words (README). */
  what: string;
  /** A REST request doing the same (only for the one-call query). */
  rest?: HttpStep;
  gateway: HttpStep;
  /** Mesh's equivalent: one step, or several round trips when Mesh cannot nest. */
  mesh: HttpStep[];
  /** Why Mesh's operation looks the way it does. */
  meshNote: string;
  /** Part of the p50-vs-critical-path goal. */
  nested: boolean;
}

const gql = (query: string, variables: Record<string, unknown> = {}): HttpStep => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ query: query.replace(/\s+/g, ' ').trim(), variables }),
});

const meshLineItems = (alias: string, planVar: string): string => `
  ${alias}: v1_org_by_org_id_commitment_plans_by_plan_id_line_items(org_id: $org, plan_id: ${planVar}, page: 1, page_size: 20) {
    ... on CommitmentPlanLineItem_Exclude_CoveredServices { monthly_savings selected_quantity offer { instance_type region payment_option } }
  }`;

export const WORKLOADS: Workload[] = [
  {
    key: 'one-call',
    title: '(a) one-call: a plan by id',
    what: '`org { commitmentPlan(id) { name savingsHourly } }`: one GET of the plan',
    rest: { method: 'GET', path: `/v1/org/${ORG}/commitment-plans/${PLAN}` },
    gateway: gql(
      `query($org: ID!, $plan: ID!) { org(id: $org) { commitmentPlan(id: $plan) { name savingsHourly } } }`,
      { org: ORG, plan: PLAN },
    ),
    mesh: [
      gql(
        `query($org: UUID!, $plan: UUID!) { v1_org_by_org_id_commitment_plans_by_plan_id(org_id: $org, plan_id: $plan) {
          ... on CommitmentPlan { name savings_hourly } } }`,
        { org: ORG, plan: PLAN },
      ),
    ],
    meshNote: 'the generated root field of GET plan',
    nested: false,
  },
  {
    key: 'nested',
    title: '(b) nested: default plans + line items (first 20) + offers',
    what: '`defaultCommitmentPlans(provider: AWS) { name savingsHourly lineItems(first: 20) { totalCount nodes { monthlySavings selectedQuantity offer { instanceType region paymentOption } } } }`',
    gateway: gql(
      `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id name savingsHourly
        lineItems(first: 20) { totalCount nodes { monthlySavings selectedQuantity offer { instanceType region paymentOption } } } } } }`,
      { org: ORG },
    ),
    mesh: [
      gql(
        `query($org: UUID!) { v1_org_by_org_id_commitment_plans_default(org_id: $org, provider: aws) {
          ... on CommitmentPlan { id name savings_hourly } } }`,
        { org: ORG },
      ),
      // The spec has no OpenAPI links, so Mesh cannot go from a plan to its line items: the client sends a
      // second query with the plan ids the first one returned (the same every time, so they are sent as is).
      gql(
        `query($org: UUID!, $p0: UUID!, $p1: UUID!, $p2: UUID!) {
          ${meshLineItems('p0', '$p0')} ${meshLineItems('p1', '$p1')} ${meshLineItems('p2', '$p2')} }`,
        { org: ORG, p0: DEFAULT_AWS_PLANS[0], p1: DEFAULT_AWS_PLANS[1], p2: DEFAULT_AWS_PLANS[2] },
      ),
    ],
    meshNote:
      "two round trips: default plans, then the 3 plans' line items by alias (no links in the v1 spec, so no nesting; no totalCount: it is a response header)",
    nested: true,
  },
  {
    key: 'plan-page',
    title: '(c) plan page: default plans + one of them in detail with line items',
    what: '`defaultCommitmentPlans(provider: AWS) { id name savingsHourly }` and `commitmentPlan(id) { name totalSavings monthlySavings lineItems(first: 20) { nodes { monthlySavings offer { instanceType region } } } }`',
    gateway: gql(
      `query($org: ID!, $plan: ID!) { org(id: $org) {
        defaultCommitmentPlans(provider: AWS) { id name savingsHourly }
        commitmentPlan(id: $plan) { name totalSavings monthlySavings
          lineItems(first: 20) { nodes { monthlySavings offer { instanceType region } } } } } }`,
      { org: ORG, plan: PLAN },
    ),
    mesh: [
      gql(
        `query($org: UUID!, $plan: UUID!) {
          v1_org_by_org_id_commitment_plans_default(org_id: $org, provider: aws) { ... on CommitmentPlan { id name savings_hourly } }
          v1_org_by_org_id_commitment_plans_by_plan_id(org_id: $org, plan_id: $plan) { ... on CommitmentPlan { name total_savings monthly_savings } }
          v1_org_by_org_id_commitment_plans_by_plan_id_line_items(org_id: $org, plan_id: $plan, page: 1, page_size: 20) {
            ... on CommitmentPlanLineItem_Exclude_CoveredServices { monthly_savings offer { instance_type region } } } }`,
        { org: ORG, plan: PLAN },
      ),
    ],
    meshNote: 'one query, three generated root fields',
    nested: true,
  },
];
