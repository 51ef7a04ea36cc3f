/**
 * Federation: our subgraph (its SDL as served by `_service { sdl }`) composes with @apollo/composition, and
 * a supergraph of it plus a second subgraph that extends Org, CommitmentPlan and Commitment is served by
 * Apollo's own JS gateway (@apollo/gateway). Queries cross both ways: from our types to fields the other
 * subgraph adds, and from its types to our entities, resolved through our per-request loaders.
 */
import { composeServices, type CompositionResult } from '@apollo/composition';
import { buildASTSchema, getNamedType, isObjectType, print, type GraphQLObjectType } from 'graphql';
import { FIELD_COSTS } from '../../src/server/limits/cost';
import { declaredCost } from '../../src/server/limits/cost-directives';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { planGlobalId } from '../../src/schema/ids';
import { FIXTURES } from '../../src/simulator';
import { DEMO_ORG, startTestGateway, type GraphQLResponseBody, type TestGateway } from '../helpers/gateway';
import { startWorkspaceSubgraph, WORKSPACE_TYPE_DEFS, type Workspace } from './workspace-subgraph';

interface RouterContext {
  apiKey?: string;
  requestId?: string;
}

/**
 * Composition hints we accept, by code, each for a stated reason. Anything else fails the test.
 * (Our subgraph alone produces none.)
 */
const CHOSEN_HINTS: Record<string, string> = {};

let harness: TestGateway;
let workspace: Workspace;
let sdl: string;
let composed: CompositionResult;
let router: ApolloServer<RouterContext>;
let routerUrl: string;
const planIds = [
  planGlobalId(DEMO_ORG, FIXTURES.recommendedPlan.planId),
  planGlobalId(DEMO_ORG, FIXTURES.balancedPlan.planId),
];
let commitmentIds: string[];

async function viaRouter(
  query: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponseBody & { status: number }> {
  const res = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'demo', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, ...((await res.json()) as GraphQLResponseBody) };
}

beforeAll(async () => {
  harness = await startTestGateway();
  const service = await harness.graphql('{ _service { sdl } }');
  sdl = (service.body.data as { _service: { sdl: string } })._service.sdl;
  const inventory = await harness.graphql(
    `{ org(id: "${DEMO_ORG}") { commitments(provider: AWS, first: 3) { nodes { id } } } }`,
  );
  commitmentIds = (
    inventory.body.data as { org: { commitments: { nodes: Array<{ id: string }> } } }
  ).org.commitments.nodes.map((n) => n.id);
  workspace = await startWorkspaceSubgraph({ orgId: DEMO_ORG, planIds, commitmentIds });

  composed = composeServices([
    { name: 'archera', typeDefs: parse(sdl), url: harness.gateway.url },
    { name: 'workspace', typeDefs: WORKSPACE_TYPE_DEFS, url: workspace.url },
  ]);
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));

  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<RouterContext>({
        url,
        // What a router does: pass the caller's key and request id on to the subgraphs.
        willSendRequest({ request, context }) {
          if (context.apiKey) request.http?.headers.set('x-api-key', context.apiKey);
          if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
        },
      }),
  });
  router = new ApolloServer<RouterContext>({ gateway });
  ({ url: routerUrl } = await startStandaloneServer(router, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) => {
      const header = (name: string): string | undefined => {
        const value = req.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      const ctx: RouterContext = {};
      const apiKey = header('x-api-key');
      const requestId = header('x-request-id');
      if (apiKey) ctx.apiKey = apiKey;
      if (requestId) ctx.requestId = requestId;
      return ctx;
    },
  }));
}, 60_000);

afterAll(async () => {
  await router?.stop();
  await workspace?.stop();
  await harness?.close();
});

describe('composition (@apollo/composition 2.14)', () => {
  it('our subgraph alone composes with no errors and no hints', () => {
    const alone = composeServices([{ name: 'archera', typeDefs: parse(sdl), url: 'http://archera/graphql' }]);
    expect(alone.errors).toBeUndefined();
    expect(alone.hints?.map((h) => `${h.definition.code}: ${h.message}`)).toEqual([]);
  });

  it('with a second subgraph extending our entities: no errors, no hints we have not chosen', () => {
    expect(composed.errors).toBeUndefined();
    const unchosen = (composed.hints ?? []).filter((h) => !(h.definition.code in CHOSEN_HINTS));
    expect(unchosen.map((h) => `${h.definition.code}: ${h.message}`)).toEqual([]);
  });

  it('the served SDL declares the entities with the keys of the contract', () => {
    expect(sdl).toMatch(/type Org\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type CommitmentPlan implements Node\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Commitment implements Node\s+@key\(fields: "id"\)/);
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.9"');
  });

  it('the supergraph carries @cost and @listSize for every field that calls the upstream and every connection', () => {
    const supergraph = buildASTSchema(parse(composed.supergraphSdl!), { assumeValidSDL: true });
    const directives = (type: string, field: string): string[] => {
      const def = (supergraph.getType(type) as GraphQLObjectType).getFields()[field]!;
      return (def.astNode?.directives ?? []).map((d) => print(d));
    };
    const checked = Object.entries(FIELD_COSTS).filter(([name]) => !name.startsWith('Query._'));
    expect(checked.length).toBeGreaterThan(30);
    for (const [name, rule] of checked) {
      const [type, field] = name.split('.') as [string, string];
      const found = directives(type, field);
      const declared = declaredCost(rule);
      expect({ name, cost: found.find((d) => d.startsWith('@cost')) }).toEqual({
        name,
        cost: `@cost(weight: ${declared.weight})`,
      });
      if (declared.connection || declared.assumedSize !== undefined) {
        expect({ name, listSize: found.some((d) => d.startsWith('@listSize')) }).toEqual({
          name,
          listSize: true,
        });
      }
    }
    // Every connection of the graph is sized by first/last.
    for (const type of Object.values(supergraph.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!getNamedType(field.type).name.endsWith('Connection')) continue;
        expect({
          field: `${type.name}.${field.name}`,
          sliced: directives(type.name, field.name).join(' '),
        }).toEqual({
          field: `${type.name}.${field.name}`,
          sliced: expect.stringContaining('slicingArguments: ["first", "last"]'),
        });
      }
    }
  });
});

describe('the supergraph, served by @apollo/gateway', () => {
  it('from our types to the fields the other subgraph adds (Org, CommitmentPlan, Commitment)', async () => {
    const res = await viaRouter(`{
      org(id: "${DEMO_ORG}") {
        id
        monthlyBudget
        teams { name }
        commitmentPlan(id: "${FIXTURES.recommendedPlan.planId}") { name approvedBy }
        commitments(provider: AWS, first: 3) { nodes { id displayName owner } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    const org = (res.data as { org: Record<string, unknown> }).org;
    expect(org).toMatchObject({
      id: DEMO_ORG,
      monthlyBudget: 12500,
      teams: [{ name: 'FinOps' }, { name: 'Platform' }, { name: 'Data' }],
      commitmentPlan: { name: 'Recommended', approvedBy: 'cfo@example.com' },
    });
    const nodes = (org.commitments as { nodes: Array<{ id: string; displayName: string; owner: string }> })
      .nodes;
    expect(nodes.map((n) => n.id)).toEqual(commitmentIds);
    expect(nodes.every((n) => n.displayName && n.owner.startsWith('owner-'))).toBe(true);
    // The other subgraph was asked for our entities by the keys we declared (global ids for plans).
    expect(workspace.references.CommitmentPlan).toContain(planIds[0]);
    expect(workspace.references.Commitment).toEqual(expect.arrayContaining(commitmentIds));
  });

  it('from the other subgraph to our entities, resolved through our loaders with the fewest upstream calls', async () => {
    harness.simulator.resetCalls();
    const res = await viaRouter(
      `{
        teams {
          name
          org { id defaultCommitmentPlans(provider: AWS) { name } }
          budgetPlan { id name savingsHourly }
          watchedCommitments { id displayName utilization }
        }
      }`,
      { 'x-request-id': 'router-req-42' },
    );
    expect(res.errors).toBeUndefined();
    const teams = (res.data as { teams: Array<Record<string, unknown>> }).teams;
    expect(teams.map((t) => (t.budgetPlan as { name: string }).name)).toEqual([
      'Recommended',
      'Recommended',
      'Balanced',
    ]);
    expect(teams.map((t) => (t.budgetPlan as { id: string }).id)).toEqual([
      planIds[0],
      planIds[0],
      planIds[1],
    ]);
    expect((teams[0]!.org as { defaultCommitmentPlans: unknown[] }).defaultCommitmentPlans).toHaveLength(3);
    expect(teams.flatMap((t) => (t.watchedCommitments as Array<{ id: string }>).map((c) => c.id))).toEqual([
      commitmentIds[0],
      commitmentIds[1],
      commitmentIds[1],
      commitmentIds[2],
    ]);

    // Three teams, one org: one default-plans call. Two distinct plans, three distinct commitments (no batch
    // endpoints upstream): one call each, duplicates shared.
    const calls = harness.simulator.calls();
    const count = (endpoint: string): number => calls.filter((c) => c.endpoint === endpoint).length;
    expect(count('getDefaultPlans')).toBe(1);
    expect(count('getPlan')).toBe(2);
    expect(count('getCommitmentDetails')).toBe(3);
    expect(calls).toHaveLength(6);
    // The router's request id reached the upstream.
    expect(new Set(calls.map((c) => c.requestId))).toEqual(new Set(['router-req-42']));
  });

  it("keeps our errors' codes through the router (an unknown plan is NOT_FOUND, other fields resolve)", async () => {
    const res = await viaRouter(`{
      org(id: "${DEMO_ORG}") {
        monthlyBudget
        commitmentPlan(id: "00000000-0000-4000-8000-000000000000") { name approvedBy }
      }
    }`);
    expect(res.data).toEqual({ org: { monthlyBudget: 12500, commitmentPlan: null } });
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
