/**
 * The cost model on its own: typical queries (the table of docs/limits.md), list multiplication, pages,
 * batching, abstract types, fragments, directives and variables; and every upstream-fetching resolver has
 * a rule.
 */
import { getOperationAST, parse } from 'graphql';
import { FIELD_COSTS, operationCost } from '../../src/server/limits/cost';
import { DEFAULT_LIMITS } from '../../src/config/limits';
import { lineItemGlobalId, planGlobalId } from '../../src/schema/ids';
import { resolvers } from '../../src/resolvers';
import { CHILD_ORG, DEMO_ORG } from '../helpers/gateway';
import { deepestQuery, schema, widestQuery, WIDEST_VARIABLES } from './queries';

const P = '48eec890-1e44-496b-a49c-bd520e43dbd7';

function cost(query: string, variables?: Record<string, unknown>): number {
  const doc = parse(query);
  const report = operationCost(schema, doc, getOperationAST(doc)!, variables, { maxPageWindow: 500 });
  expect(report.violations).toEqual([]);
  return report.cost;
}

const org = (body: string): string => `{ org(id: "${DEMO_ORG}") { ${body} } }`;

/** The typical queries of docs/limits.md, with their cost. */
export const TYPICAL: Array<[string, string, number]> = [
  ['org scope only', org('id'), 0],
  [
    "README's first query: 3 default plans with 3 line items each",
    org(
      'defaultCommitmentPlans(provider: AWS) { name lineItems(first: 3) { edges { node { offer { instanceType } } } } }',
    ),
    4,
  ],
  [
    'a plan and a page of 100 line items',
    org(`commitmentPlan(id: "${P}") { lineItems(first: 100) { nodes { id } } }`),
    2,
  ],
  [
    'a plan and 250 line items (3 pages)',
    org(`commitmentPlan(id: "${P}") { lineItems(first: 250) { nodes { id } } }`),
    4,
  ],
  [
    'portfolio overview: summary, metrics, attributes',
    org(
      'commitmentSummary(provider: AWS) { totalActiveCommitments } commitmentMetrics(provider: AWS, startDate: "2024-01-01", endDate: "2024-02-01") { utilization } commitmentAttributes { field }',
    ),
    3,
  ],
  [
    'a page of 500 commitments (one inventory call)',
    org('commitments(provider: AWS, first: 500) { nodes { id } }'),
    1,
  ],
  [
    '100 commitments with their comparisons (one batched call)',
    org(
      'commitments(provider: AWS, first: 100) { nodes { id comparison { commitmentId } comparisonSkippedReason } }',
    ),
    2,
  ],
  [
    '50 commitments with their details',
    org('commitments(provider: AWS, first: 50) { nodes { details { periodStart } } }'),
    51,
  ],
  [
    '20 line items with 10 resource matches each',
    org(
      `commitmentPlan(id: "${P}") { lineItems(first: 20) { nodes { resourceMatches(startDate: "2024-01-01", endDate: "2024-02-01", first: 10) { totalCount } } } }`,
    ),
    22,
  ],
  [
    'partner fan-out: 50 child orgs, their partner plans',
    `{ orgs(ids: [${Array.from({ length: 50 }, () => `"${CHILD_ORG}"`).join(', ')}]) { partnerPlans { id } } }`,
    50,
  ],
  [
    '100 orgs x 3 default plans x 10 line items',
    `{ orgs(ids: [${Array.from({ length: 100 }, () => `"${DEMO_ORG}"`).join(', ')}]) { defaultCommitmentPlans(provider: AWS) { lineItems(first: 10) { nodes { id } } } } }`,
    400,
  ],
  ['node: a plan', `{ node(id: "${planGlobalId(DEMO_ORG, P)}") { id } }`, 1],
  ['node: a line item (scans its plan)', `{ node(id: "${lineItemGlobalId(DEMO_ORG, P, P)}") { id } }`, 3],
  [
    'purchase (preview or POST)',
    `mutation { purchaseCommitmentPlan(input: { orgId: "${CHILD_ORG}", planId: "plan_1", confirm: false, idempotencyKey: "k" }) { replayed } }`,
    5,
  ],
  [
    'apply',
    `mutation { applyCommitmentPlan(input: { orgId: "${DEMO_ORG}", planId: "${P}" }) { replayed } }`,
    2,
  ],
];

test.each(TYPICAL)('%s costs %d', (_name, query, expected) => {
  expect(cost(query)).toBe(expected);
});

test('the deepest and widest legitimate queries', () => {
  expect(cost(deepestQuery('Query'))).toBe(9);
  // docs/limits.md quotes this number.
  expect(cost(widestQuery(), WIDEST_VARIABLES)).toBe(797);
  expect(797).toBeLessThan(DEFAULT_LIMITS.maxCost);
});

test('variables, their defaults, and @skip/@include count as execution would see them', () => {
  const q = `query($n: Int = 250, $skip: Boolean!) { org(id: "${DEMO_ORG}") {
    commitmentPlan(id: "${P}") { lineItems(first: $n) { nodes { id } } }
    commitmentSummary(provider: AWS) @skip(if: $skip) { totalActiveCommitments } } }`;
  expect(cost(q, { skip: true })).toBe(4);
  expect(cost(q, { skip: false })).toBe(5);
  expect(cost(q, { n: 50, skip: true })).toBe(2);
});

test('a connection: pages of its window, one more with `after`, one more for `last` without `before`', () => {
  const items = (args: string): number =>
    cost(org(`commitmentPlan(id: "${P}") { lineItems(${args}) { totalCount } }`)) - 1;
  expect(items('first: 100')).toBe(1);
  expect(items('first: 101')).toBe(2);
  expect(items('first: 500')).toBe(5);
  expect(items('first: 10, after: "x"')).toBe(2);
  expect(items('last: 10')).toBe(2);
  expect(items('last: 10, before: "x"')).toBe(1);
  expect(items('first: 0')).toBe(1);
  // No first/last: the default window of 20.
  expect(
    cost(
      org(
        `commitmentPlan(id: "${P}") { lineItems { nodes { resourceMatches(startDate: "2024-01-01", endDate: "2024-01-02") { totalCount } } } }`,
      ),
    ),
  ).toBe(22);
});

test('an abstract field counts its most expensive possible type, per item', () => {
  const q = `query($ids: [ID!]!) { nodes(ids: $ids) {
    ... on CommitmentPlan { lineItems(first: 300) { totalCount } }
    ... on Commitment { details { periodStart } } } }`;
  // 2 plan lookups + 2 x (the plan branch: 3 pages).
  expect(cost(q, { ids: [planGlobalId(DEMO_ORG, P), planGlobalId(DEMO_ORG, P)] })).toBe(8);
});

test('first/last over the cap are violations', () => {
  const doc = parse(org('commitments(provider: AWS, first: 100000) { totalCount }'));
  const report = operationCost(schema, doc, getOperationAST(doc)!, {}, { maxPageWindow: 500 });
  expect(report.violations).toEqual([
    { argument: 'first', message: '`first` must be at most 500 (got 100000).' },
  ]);
});

test('variables that do not coerce cost nothing here (execution refuses them first)', () => {
  const doc = parse(
    `query($n: Int!) { org(id: "${DEMO_ORG}") { commitments(provider: AWS, first: $n) { totalCount } } }`,
  );
  expect(operationCost(schema, doc, getOperationAST(doc)!, { n: 'many' }, { maxPageWindow: 500 })).toEqual({
    cost: 0,
    violations: [],
  });
});

test('every field with a resolver that reaches the loaders has a cost rule', () => {
  const loaderFields: string[] = [];
  for (const [type, fields] of Object.entries(resolvers)) {
    if (typeof fields !== 'object' || fields === null) continue;
    for (const [field, fn] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof fn === 'function' && /loaders|mutations/.test(String(fn)) && !field.startsWith('__')) {
        loaderFields.push(`${type}.${field}`);
      }
    }
  }
  expect(loaderFields.length).toBeGreaterThan(15);
  for (const field of loaderFields) expect(Object.keys(FIELD_COSTS)).toContain(field);
  for (const key of Object.keys(FIELD_COSTS)) {
    const [type, field] = key.split('.') as [string, string];
    const t = schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined;
    expect(t?.getFields?.()[field]).toBeDefined();
  }
});
