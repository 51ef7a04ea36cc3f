/**
 * Abuse limits through the real server: each static limit sits just above the deepest and widest
 * legitimate query (measured here from the schema), both sides of each limit are tried, the known bypass
 * shapes are refused, and refused operations call nothing upstream.
 */
import { DEFAULT_LIMITS } from '../../src/config/limits';
import {
  codes,
  DEMO_ORG,
  hardened,
  startTestGateway,
  type Reply,
  type TestGateway,
} from '../helpers/gateway';
import { counts, deepestPath, deepestQuery, depth, tokens, widestQuery, WIDEST_VARIABLES } from './queries';

const L = DEFAULT_LIMITS;
let g: TestGateway;
beforeAll(async () => {
  g = await startTestGateway(hardened());
});
afterAll(() => g.close());
beforeEach(() => g.simulator.resetCalls());

function expectRefused(r: Reply, limit?: string): void {
  expect(r.status).toBe(400);
  expect(r.body.data).toBeUndefined();
  expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
  if (limit) expect(r.body.errors![0]!.extensions!.limit).toBe(limit);
  expect(g.simulator.calls()).toHaveLength(0);
}

function expectAdmitted(r: Reply): void {
  expect(codes(r)).not.toContain('QUERY_TOO_COMPLEX');
  expect(r.status).toBe(200);
}

/** `org { commitmentPlan { org { commitmentPlan { ... id } } } }` with exactly `levels` levels. */
function nested(levels: number): string {
  let inner = 'id';
  for (let level = levels - 1; level >= 2; level--) {
    inner = level % 2 === 0 ? `commitmentPlan(id: $plan) { ${inner} }` : `org { ${inner} }`;
  }
  return `query($plan: ID!) { org(id: "${DEMO_ORG}") { ${inner} } }`;
}

const PLAN_VARS = { plan: WIDEST_VARIABLES.plan };

describe('the limits sit just above the legitimate extremes of the schema', () => {
  const widest = widestQuery();
  const widestCounts = counts(widest);

  test('measured: deepest path 12 levels (a payload 14), widest query within every limit', () => {
    expect(deepestPath('Query')).toHaveLength(12);
    expect(depth(deepestQuery('Query'))).toBe(12);
    expect(depth(deepestQuery('Mutation'))).toBe(14);
    expect(L.maxDepth).toBe(15);
    expect(widestCounts.aliases).toBeLessThanOrEqual(L.maxAliases);
    expect(widestCounts.directives).toBeLessThanOrEqual(L.maxDirectives);
    expect(widestCounts.selections).toBeLessThanOrEqual(L.maxSelections);
    expect(tokens(widest)).toBeLessThanOrEqual(L.maxTokens);
    // "Just above": no limit leaves more than ~15% (or 5 units) of headroom over what the schema needs.
    expect(L.maxAliases - widestCounts.aliases).toBeLessThanOrEqual(5);
    expect(L.maxDirectives - widestCounts.directives).toBeLessThanOrEqual(5);
    expect(L.maxTokens).toBeLessThanOrEqual(tokens(widest) * 1.15);
    expect(L.maxSelections).toBeLessThanOrEqual(widestCounts.selections * 1.15);
  });

  test('the deepest legitimate query runs', async () => {
    expectAdmitted(await g.graphql(deepestQuery('Query')));
  });

  test('the widest legitimate query runs, and costs under the ceiling', async () => {
    const r = await g.graphql(widest, WIDEST_VARIABLES);
    expectAdmitted(r);
    expect(r.body.data?.org).toBeTruthy();
    const cost = Number(r.headers.get('x-query-cost'));
    expect(cost).toBeGreaterThan(100);
    expect(cost).toBeLessThan(L.maxCost);
  });
});

describe('both sides of each limit', () => {
  test(`depth ${L.maxDepth} runs, ${L.maxDepth + 1} is refused`, async () => {
    expect(depth(nested(L.maxDepth))).toBe(L.maxDepth);
    expectAdmitted(await g.graphql(nested(L.maxDepth), PLAN_VARS));
    g.simulator.resetCalls();
    const r = await g.graphql(nested(L.maxDepth + 1), PLAN_VARS);
    expectRefused(r, 'depth');
    expect(r.body.errors![0]!.message).toBe(
      `Query depth limit of ${L.maxDepth} exceeded, found ${L.maxDepth + 1}.`,
    );
  });

  const aliased = (n: number): string =>
    `{ org(id: "${DEMO_ORG}") { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } }`;
  test(`${L.maxAliases} aliases run, ${L.maxAliases + 1} are refused`, async () => {
    expectAdmitted(await g.graphql(aliased(L.maxAliases)));
    expectRefused(await g.graphql(aliased(L.maxAliases + 1)), 'aliases');
  });

  const directed = (n: number): string =>
    `{ org(id: "${DEMO_ORG}") { ${Array.from({ length: n }, () => 'id @include(if: true)').join(' ')} } }`;
  test(`${L.maxDirectives} directives run, ${L.maxDirectives + 1} are refused`, async () => {
    expectAdmitted(await g.graphql(directed(L.maxDirectives)));
    expectRefused(await g.graphql(directed(L.maxDirectives + 1)), 'directives');
  });

  /** `{ o0: orgs(ids: [...]) { id } o1: ... }` with exactly `n` tokens: free to run (orgs calls nothing). */
  const padded = (n: number): string => {
    const parts: string[] = [];
    let left = n - 2;
    for (let i = 0; left > 0; i++) {
      const ids = Math.min(100, left - 12);
      parts.push(
        `o${i}: orgs(ids: [${Array.from({ length: ids }, () => `"${DEMO_ORG}"`).join(' ')}]) { id }`,
      );
      left -= ids + 12;
    }
    return `{ ${parts.join(' ')} }`;
  };
  test(`${L.maxTokens} tokens run, ${L.maxTokens + 1} are refused (400, not armor's 500)`, async () => {
    expect(tokens(padded(L.maxTokens))).toBe(L.maxTokens);
    expect(tokens(padded(L.maxTokens + 1))).toBe(L.maxTokens + 1);
    const ok = await g.graphql(padded(L.maxTokens));
    expectAdmitted(ok);
    expect(codes(ok)).toEqual([]);
    const r = await g.graphql(padded(L.maxTokens + 1));
    expectRefused(r, 'tokens');
    expect(r.body.errors![0]!.message).toContain(`more than ${L.maxTokens} tokens`);
  });

  /** One fragment of `perFragment` selections spread `spreads` times, plus `extra` root selections. */
  const expanded = (spreads: number, perFragment: number, extra: number): string =>
    `{ ${'...F '.repeat(spreads)}${'__typename '.repeat(extra)}} fragment F on Query { ${'__typename '.repeat(perFragment)}}`;
  test(`${L.maxSelections} expanded selections run, ${L.maxSelections + 1} are refused`, async () => {
    // 40 spreads + 40 x 194 = 7800 selections.
    expect(counts(expanded(40, 194, 0)).selections).toBe(L.maxSelections);
    expectAdmitted(await g.graphql(expanded(40, 194, 0)));
    expectRefused(await g.graphql(expanded(40, 194, 1)), 'selections');
  });

  test('`first` up to 500 runs; 501 and 100000 are refused before any upstream call', async () => {
    const q = (n: number): string =>
      `{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, first: ${n}) { totalCount } } }`;
    expectAdmitted(await g.graphql(q(500)));
    for (const n of [501, 100000]) {
      g.simulator.resetCalls();
      const r = await g.graphql(q(n));
      expect(r.status).toBe(400);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.body.errors![0]!.message).toContain('must be at most 500');
      expect(g.simulator.calls()).toHaveLength(0);
    }
  });

  test('`last` through a variable is capped too', async () => {
    const r = await g.graphql(
      `query($n: Int) { org(id: "${DEMO_ORG}") { commitments(provider: AWS, last: $n) { totalCount } } }`,
      { n: 2147483647 },
    );
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(g.simulator.calls()).toHaveLength(0);
  });
});

describe('the cost ceiling', () => {
  let small: TestGateway;
  beforeAll(async () => {
    small = await startTestGateway(hardened({ limits: { maxCost: 10 } }));
  });
  afterAll(() => small.close());

  test('a query costing the ceiling runs; one more call is refused whole, before anything runs', async () => {
    // 1 (the inventory page) + 9 commitments x 1 (details) = 10.
    const q = (n: number): string =>
      `{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, first: ${n}) { nodes { details { periodStart } } } } }`;
    const ok = await small.graphql(q(9));
    expect(codes(ok)).toEqual([]);
    expect(ok.headers.get('x-query-cost')).toBe('10');
    small.simulator.resetCalls();
    const r = await small.graphql(q(10));
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(r.body.errors![0]!.extensions).toMatchObject({ limit: 'cost', cost: 11, maxCost: 10 });
    expect(small.simulator.calls()).toHaveLength(0);
  });

  test('a huge id list is refused by cost', async () => {
    const ids = Array.from({ length: 5000 }, () => DEMO_ORG);
    const r = await small.graphql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(small.simulator.calls()).toHaveLength(0);
  });
});

describe('known bypass shapes', () => {
  /** A fragment 8 levels deep: fine near the root, too deep when spread further down. */
  const DEEP_FRAGMENT = `fragment Deep on Org { commitmentPlan(id: $plan) { lineItems(first: 1) { edges { node {
    resourceMatches(startDate: "2024-01-01", endDate: "2024-01-08", first: 1) { edges { node { resource { id } } } } } } } } }`;

  test('a fragment reused at two depths is measured at the deeper one', async () => {
    const shallow = `query($plan: ID!) { org(id: "${DEMO_ORG}") { ...Deep } } ${DEEP_FRAGMENT}`;
    expectAdmitted(await g.graphql(shallow, PLAN_VARS));
    g.simulator.resetCalls();
    const both = `query($plan: ID!) { org(id: "${DEMO_ORG}") { ...Deep commitmentPlan(id: $plan) { org { commitmentPlan(id: $plan) { org { commitmentPlan(id: $plan) { org { ...Deep } } } } } } } } ${DEEP_FRAGMENT}`;
    expectRefused(await g.graphql(both, PLAN_VARS), 'depth');
  });

  test('an operation named __schema is not waved through as introspection', async () => {
    expectRefused(
      await g.graphql(`query __schema${nested(L.maxDepth + 2).slice('query'.length)}`, PLAN_VARS),
      'depth',
    );
  });

  test('a field aliased __schema is not waved through as introspection', async () => {
    const q = nested(L.maxDepth + 2).replace(`{ org(id:`, `{ __schema: org(id:`);
    expectRefused(await g.graphql(q, PLAN_VARS), 'depth');
  });

  test('deep __type introspection is counted', async () => {
    const deep = `{ __type(name: "Org") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } }`;
    expectRefused(await g.graphql(deep), 'depth');
  });

  test('a 500-alias query is refused with no upstream call', async () => {
    const q = `{ org(id: "${DEMO_ORG}") { ${Array.from({ length: 500 }, (_, i) => `a${i}: commitmentSummary(provider: AWS) { totalActiveCommitments }`).join(' ')} } }`;
    const r = await g.graphql(q);
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(g.simulator.calls()).toHaveLength(0);
  });

  test('aliases of __typename past the token limit are refused', async () => {
    // Three tokens per alias (`aN : __typename`): just past the token limit.
    const q = `{${Array.from({ length: Math.ceil(L.maxTokens / 3) + 1 }, (_, i) => `a${i}:__typename`).join(' ')}}`;
    expectRefused(await g.graphql(q), 'tokens');
    const half = Math.ceil((L.maxAliases + 1) / 2);
    const few = `{ org(id: "${DEMO_ORG}") { ...A ...A } } fragment A on Org { ${Array.from({ length: half }, (_, i) => `a${i}: id`).join(' ')} }`;
    // A fragment with just over half the limit of aliases, spread twice: counted twice.
    expectRefused(await g.graphql(few), 'aliases');
  });

  test('directives hidden in a fragment spread many times are counted per spread', async () => {
    // 8 directives in a fragment, spread just often enough to pass the limit.
    const spreads = ' ...D'.repeat(Math.ceil((L.maxDirectives + 1) / 8));
    const q = `{ org(id: "${DEMO_ORG}") {${spreads} } } fragment D on Org { id @include(if: true) @skip(if: false) id @include(if: true) id @include(if: true) id @include(if: true) id @include(if: true) id @include(if: true) id @include(if: true) }`;
    expectRefused(await g.graphql(q), 'directives');
  });

  test('a fragment bomb (each fragment spreading the next twice) is refused quickly', async () => {
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Query { __typename }`
        : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    ).join(' ');
    const r = await g.graphql(`{ ...F0 } ${fragments}`);
    expectRefused(r, 'selections');
  });

  test('cost counts a fragment at every place it is spread', async () => {
    const q = `query($plan: ID!) { org(id: "${DEMO_ORG}") { a: commitmentPlan(id: $plan) { ...Items } b: recommendedCommitmentPlan(provider: AWS) { ...Items } } }
      fragment Items on CommitmentPlan { lineItems(first: 200) { nodes { id } } }`;
    const r = await g.graphql(q, PLAN_VARS);
    expectAdmitted(r);
    // 2 plan lookups + 2 windows of 200 (2 pages each).
    expect(r.headers.get('x-query-cost')).toBe('6');
  });
});
