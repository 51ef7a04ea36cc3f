/**
 * Through a real gateway: Hive Gateway (@graphql-hive/gateway, as a child process) serves the supergraph
 * of our subgraph and a second one. A query crosses both; an @defer-red fragment arrives after the initial
 * part (the gateway splits the query at the entity boundary, and our part is still being read upstream when
 * the initial part is out); a subscription is relayed end to end (client -> Hive over graphql-ws -> us over
 * graphql-ws, the caller's key passed on in connection_init).
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { getOperationAST, parse } from 'graphql';
import { planGlobalId } from '../../src/schema/ids';
import { FIXTURES } from '../../src/simulator';
import { DEFAULT_SUBSCRIPTION_SETTINGS } from '../../src/config/subscriptions';
import { DEFAULT_LIMITS } from '../../src/config/limits';
import { operationCost } from '../../src/server/limits/cost';
import { buildSchema } from '../../src/server/schema';
import { DEMO_ORG, startTestGateway, type GraphQLResponseBody, type TestGateway } from '../helpers/gateway';
import { connect } from '../helpers/subscriptions';
import { startHiveGateway, type HiveGateway } from './hive/start-hive-gateway';
import { startWorkspaceSubgraph, WORKSPACE_TYPE_DEFS, type Workspace } from './workspace-subgraph';

const FAST_MS = 100;
const CALCULATING = FIXTURES.noRecommendedPlan.planId;
let harness: TestGateway;
let workspace: Workspace;
let hive: HiveGateway;
const supergraphFile = path.join(tmpdir(), `archera-graphql-supergraph-${process.pid}.graphql`);
const planIds = [
  planGlobalId(DEMO_ORG, FIXTURES.recommendedPlan.planId),
  planGlobalId(DEMO_ORG, FIXTURES.balancedPlan.planId),
];

beforeAll(async () => {
  harness = await startTestGateway({
    config: {
      subscriptions: {
        ...DEFAULT_SUBSCRIPTION_SETTINGS,
        poll: { fastMs: FAST_MS, settleMs: 5 * FAST_MS, slowMs: 10 * FAST_MS },
      },
    },
  });
  const service = await harness.graphql('{ _service { sdl } }');
  const sdl = (service.body.data as { _service: { sdl: string } })._service.sdl;
  workspace = await startWorkspaceSubgraph({ orgId: DEMO_ORG, planIds, commitmentIds: [] });
  const composed = composeServices([
    { name: 'archera', typeDefs: parse(sdl), url: harness.gateway.url },
    { name: 'workspace', typeDefs: WORKSPACE_TYPE_DEFS, url: workspace.url },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  writeFileSync(supergraphFile, composed.supergraphSdl);
  hive = await startHiveGateway(supergraphFile);
}, 90_000);

afterAll(async () => {
  await hive?.stop();
  await workspace?.stop();
  await harness?.close();
  rmSync(supergraphFile, { force: true });
});
afterEach(() => {
  harness.simulator.clearFaults();
  harness.simulator.resetState();
  harness.simulator.resetCalls();
});

async function viaHive(
  query: string,
  key = 'demo',
  variables?: Record<string, unknown>,
): Promise<GraphQLResponseBody & { extensions?: { cost?: { estimated: number } } }> {
  const res = await fetch(`${hive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponseBody;
}

it('a query across both subgraphs, with the caller key passed on', async () => {
  const body = await viaHive(`{ teams { name budgetPlan { archeraId name status approvedBy } }
    org(id: "${DEMO_ORG}") { monthlyBudget recommendedCommitmentPlan(provider: AWS) { archeraId approvedBy } } }`);
  expect(body.errors).toBeUndefined();
  expect(body.data).toMatchObject({
    teams: [
      {
        name: 'FinOps',
        budgetPlan: { archeraId: FIXTURES.recommendedPlan.planId, approvedBy: 'cfo@example.com' },
      },
      { name: 'Platform', budgetPlan: { archeraId: FIXTURES.recommendedPlan.planId } },
      { name: 'Data', budgetPlan: { archeraId: FIXTURES.balancedPlan.planId, approvedBy: null } },
    ],
    org: { monthlyBudget: 12500, recommendedCommitmentPlan: { archeraId: FIXTURES.recommendedPlan.planId } },
  });
  expect(
    harness.simulator
      .calls()
      .every((c) => c.apiKeyFingerprint === harness.simulator.calls()[0]!.apiKeyFingerprint),
  ).toBe(true);
  // Another tenant's key reaches us as itself: its plans are not the demo org's.
  const other = await viaHive(
    `{ org(id: "${DEMO_ORG}") { recommendedCommitmentPlan(provider: AWS) { name } } }`,
    'demo-other',
  );
  expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

describe("Hive's demand control reads our @cost/@listSize", () => {
  const root = path.resolve(__dirname, '../..');
  const variables = JSON.parse(readFileSync(path.join(root, 'examples/variables.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const examples = readdirSync(path.join(root, 'examples'))
    .filter((f) => f.endsWith('.graphql'))
    .map((f) => [f, readFileSync(path.join(root, 'examples', f), 'utf8')] as const);
  const schema = buildSchema();
  const ours = (query: string): number => {
    const document = parse(query);
    return operationCost(schema, document, getOperationAST(document)!, variables, {
      maxPageWindow: DEFAULT_LIMITS.maxPageWindow,
    }).cost;
  };

  it.each(examples)(
    '%s: its estimate is ours, or higher where ours knows batching (never lower)',
    async (_file, query) => {
      const body = await viaHive(query, 'demo', variables);
      expect(body.errors).toBeUndefined();
      const estimated = body.extensions!.cost!.estimated;
      expect(estimated).toBeGreaterThanOrEqual(ours(query));
      // Within a small factor: the directives say what the model says, erring high only on batched fields.
      expect(estimated).toBeLessThanOrEqual(3 * ours(query));
    },
  );

  it('the plan drill-down and the purchase preview cost exactly what we estimate', async () => {
    for (const [file, query] of examples.filter(([f]) => !f.startsWith('savings'))) {
      const body = await viaHive(query, 'demo', variables);
      expect([file, body.extensions!.cost!.estimated]).toEqual([file, ours(query)]);
    }
  });

  it('an operation over the ceiling is refused by the router, before our subgraph or Archera sees it', async () => {
    const wide = `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) {
      lineItems(first: 500) { edges { node { resourceMatches(startDate: "2026-01-01", endDate: "2026-02-01", first: 500) { totalCount } } } } } } }`;
    expect(ours(wide)).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    const body = await viaHive(wide);
    expect(body.data ?? null).toBeNull();
    expect(body.errors![0]!.extensions!.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(harness.simulator.calls()).toHaveLength(0);
  });
});

interface Part {
  payload: Record<string, unknown>;
  /** Upstream plan reads answered when this part arrived. */
  planReadsAnswered: number;
}

/** POSTs with `Accept: multipart/mixed` and collects each part as it arrives. */
async function deferredViaHive(query: string): Promise<Part[]> {
  const res = await fetch(`${hive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed', 'x-api-key': 'demo' },
    body: JSON.stringify({ query }),
  });
  expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed/);
  const parts: Part[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    // Each complete part: headers, a blank line, one JSON body, then the next boundary.
    for (;;) {
      const start = text.indexOf('\r\n\r\n');
      if (start < 0) break;
      const end = text.indexOf('\r\n---', start);
      if (end < 0) break;
      const json = text.slice(start + 4, end).trim();
      text = text.slice(end + 2);
      if (!json) continue;
      const answered = harness.simulator.callsTo('getPlan').filter((c) => c.status !== 0).length;
      parts.push({ payload: JSON.parse(json) as Record<string, unknown>, planReadsAnswered: answered });
    }
  }
  return parts;
}

it('@defer: the initial part is out while the deferred part is still being read upstream', async () => {
  // Our part of the deferred fragment (plans by id) takes a while upstream.
  harness.simulator.setFaults([{ endpoint: 'getPlan', kind: 'delay', delayMs: 700 }]);
  const parts = await deferredViaHive(`{ teams { name ... @defer { budgetPlan { archeraId name } } } }`);
  expect(parts.length).toBeGreaterThanOrEqual(2);
  const [initial, ...rest] = parts;
  expect(initial!.payload).toMatchObject({
    data: { teams: [{ name: 'FinOps' }, { name: 'Platform' }, { name: 'Data' }] },
    hasNext: true,
  });
  expect(JSON.stringify(initial!.payload)).not.toContain('budgetPlan');
  // When the initial part arrived, no plan had been read yet: the gateway did not wait for them.
  expect(initial!.planReadsAnswered).toBe(0);
  const incremental = rest.flatMap(
    (p) => (p.payload.incremental as Array<{ data: unknown; path: unknown[] }>) ?? [],
  );
  expect(incremental.map((i) => i.data)).toEqual([
    { budgetPlan: { archeraId: FIXTURES.recommendedPlan.planId, name: expect.any(String) } },
    { budgetPlan: { archeraId: FIXTURES.recommendedPlan.planId, name: expect.any(String) } },
    { budgetPlan: { archeraId: FIXTURES.balancedPlan.planId, name: expect.any(String) } },
  ]);
  expect(rest.at(-1)!.payload.hasNext).toBe(false);
  // Two plans, one upstream read each (the loader dedupes the team that shares a plan).
  expect(harness.simulator.callsTo('getPlan')).toHaveLength(2);
});

it('a subscription relayed end to end: the plan now, then its update, with fields from the other subgraph', async () => {
  const socket = connect(hive.url, 'demo');
  try {
    const w = socket.subscribe(
      `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) {
        archeraId isCalculating approvedBy } }`,
      { org: DEMO_ORG, plan: CALCULATING },
    );
    const [first] = await w.received(1);
    expect(first!.errors).toBeUndefined();
    expect(first!.data).toEqual({
      commitmentPlanUpdated: { archeraId: CALCULATING, isCalculating: true, approvedBy: null },
    });
    harness.simulator.updatePlan(CALCULATING, { isCalculating: false });
    const [, second] = await w.received(2);
    expect(second!.data).toEqual({
      commitmentPlanUpdated: { archeraId: CALCULATING, isCalculating: false, approvedBy: null },
    });
    // Our subgraph saw the caller's key (connection_init) and polled with it: the demo key's reads only.
    const keys = new Set(harness.simulator.callsTo('getPlan').map((c) => c.apiKeyFingerprint));
    expect(keys.size).toBe(1);
  } finally {
    await socket.dispose();
  }
});

it('a subscription with another tenant key is refused by our subgraph, through the gateway', async () => {
  const socket = connect(hive.url, 'demo-other');
  try {
    const w = socket.subscribe(
      `subscription($org: ID!, $plan: ID!) { commitmentPlanUpdated(orgId: $org, planId: $plan) { archeraId } }`,
      { org: DEMO_ORG, plan: CALCULATING },
    );
    await w.ended;
    expect(w.results[0]!.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  } finally {
    await socket.dispose();
  }
});
