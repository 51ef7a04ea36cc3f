/**
 * The foundation slice end to end: org -> defaultCommitmentPlans / commitmentPlan -> lineItems -> offer,
 * against the simulator, counting upstream calls.
 */
import { DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

let h: TestGateway;
beforeAll(async () => {
  h = await startTestGateway();
});
afterAll(() => h.close());
beforeEach(() => h.simulator.resetCalls());

const ACCEPTANCE_QUERY = `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id name
  lineItems(first: 3) { totalCount edges { cursor node { offer { instanceType region } } } } } } }`;

interface PlanNode {
  id: string;
  archeraId: string;
  name: string;
  lineItems: {
    totalCount: number;
    edges: Array<{
      cursor: string;
      node: { archeraId?: string; offer: { instanceType: string | null; region: string | null } };
    }>;
  };
}

async function defaultPlans(provider = 'AWS'): Promise<PlanNode[]> {
  const { body } = await h.graphql(
    `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: ${provider}) { id archeraId name lineItems(first: 1) { totalCount edges { cursor node { offer { instanceType region } } } } } } }`,
    { org: DEMO_ORG },
  );
  expect(body.errors).toBeUndefined();
  return (body.data!.org as { defaultCommitmentPlans: PlanNode[] }).defaultCommitmentPlans;
}

describe('the acceptance query', () => {
  it('returns three plans with offers and no errors, in 1 + number-of-plans upstream calls', async () => {
    const { status, body } = await h.graphql(ACCEPTANCE_QUERY);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const plans = (body.data!.org as { defaultCommitmentPlans: PlanNode[] }).defaultCommitmentPlans;
    expect(plans.map((p) => p.name).sort()).toEqual(['Balanced', 'High Savings', 'Recommended']);
    for (const plan of plans) {
      expect(plan.lineItems.edges.length).toBe(Math.min(3, plan.lineItems.totalCount));
      for (const edge of plan.lineItems.edges) {
        expect(typeof edge.cursor).toBe('string');
        expect(
          edge.node.offer.instanceType === null || typeof edge.node.offer.instanceType === 'string',
        ).toBe(true);
      }
    }
    expect(plans.some((p) => p.lineItems.edges.length > 0)).toBe(true);
    const calls = h.simulator.calls();
    expect(calls.filter((c) => c.endpoint === 'getDefaultPlans')).toHaveLength(1);
    expect(calls.filter((c) => c.endpoint === 'listLineItems')).toHaveLength(plans.length);
    expect(calls).toHaveLength(1 + plans.length);
  });

  it('forwards the caller key and a request id upstream', async () => {
    await h.graphql(ACCEPTANCE_QUERY, undefined, { 'x-api-key': 'demo', 'x-request-id': 'req-slice-1' });
    const calls = h.simulator.calls();
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call.apiKeyFingerprint).not.toBeNull();
      expect(call.requestId).toBe('req-slice-1');
    }
  });
});

describe('commitmentPlan(id) -> lineItems', () => {
  it('accepts the global id and the Archera UUID, and fetches the plan once across aliases', async () => {
    const [plan] = await defaultPlans();
    h.simulator.resetCalls();
    const { body } = await h.graphql(
      `query($org: ID!, $g: ID!, $u: ID!) { org(id: $org) {
        a: commitmentPlan(id: $g) { id name }
        b: commitmentPlan(id: $u) { id archeraId }
      } }`,
      { org: DEMO_ORG, g: plan!.id, u: plan!.archeraId },
    );
    expect(body.errors).toBeUndefined();
    const org = body.data!.org as { a: { id: string }; b: { id: string; archeraId: string } };
    expect(org.a.id).toBe(plan!.id);
    expect(org.b).toEqual({ id: plan!.id, archeraId: plan!.archeraId });
    expect(h.simulator.callsTo('getPlan')).toHaveLength(1);
    expect(h.simulator.calls()).toHaveLength(1);
  });

  it('fetches a 250-item window of a large plan as 3 upstream pages, and pages through it exactly once each', async () => {
    const plans = await defaultPlans();
    const large = plans.find((p) => p.lineItems.totalCount > 250);
    expect(large).toBeDefined();
    h.simulator.resetCalls();
    const query = `query($org: ID!, $id: ID!, $after: String) { org(id: $org) { commitmentPlan(id: $id) {
      lineItems(first: 250, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { archeraId } } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let first = true;
    for (;;) {
      const res: Awaited<ReturnType<TestGateway['graphql']>> = await h.graphql(query, {
        org: DEMO_ORG,
        id: large!.id,
        after,
      });
      expect(res.body.errors).toBeUndefined();
      const conn = (
        res.body.data!.org as {
          commitmentPlan: {
            lineItems: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: Array<{ node: { archeraId: string } }>;
            };
          };
        }
      ).commitmentPlan.lineItems;
      if (first) {
        expect(conn.edges).toHaveLength(250);
        expect(conn.pageInfo.hasNextPage).toBe(true);
        expect(h.simulator.callsTo('listLineItems')).toHaveLength(3);
        first = false;
      }
      seen.push(...conn.edges.map((e) => e.node.archeraId));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(large!.lineItems.totalCount);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('returns null with NOT_FOUND for an unknown plan, and keeps sibling fields', async () => {
    const { body } = await h.graphql(
      `{ org(id: "${DEMO_ORG}") { missing: commitmentPlan(id: "00000000-0000-4000-8000-000000000000") { id } defaultCommitmentPlans(provider: AWS) { name } } }`,
    );
    const org = body.data!.org as { missing: unknown; defaultCommitmentPlans: unknown[] };
    expect(org.missing).toBeNull();
    expect(org.defaultCommitmentPlans).toHaveLength(3);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(body.errors![0]!.path).toEqual(['org', 'missing']);
  });

  it('resolves node(id) of a plan already fetched in the request with no extra call', async () => {
    const [plan] = await defaultPlans();
    h.simulator.resetCalls();
    const { body } = await h.graphql(
      `query($org: ID!, $id: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id } } node(id: $id) { id ... on CommitmentPlan { name } } }`,
      { org: DEMO_ORG, id: plan!.id },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data!.node as { id: string }).id).toBe(plan!.id);
    // node(id) and defaultCommitmentPlans start together; the lookup is served by the list.
    expect(h.simulator.calls()).toHaveLength(1);
  });
});

describe('errors', () => {
  it('refuses a malformed org id with BAD_USER_INPUT before any upstream call', async () => {
    const { body } = await h.graphql(
      `{ org(id: "not-a-uuid") { defaultCommitmentPlans(provider: AWS) { id } } }`,
    );
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it('refuses first over the cap before any upstream call', async () => {
    const [plan] = await defaultPlans();
    h.simulator.resetCalls();
    const { body } = await h.graphql(
      `query($org: ID!, $id: ID!) { org(id: $org) { commitmentPlan(id: $id) { lineItems(first: 100000) { totalCount } } } }`,
      { org: DEMO_ORG, id: plan!.archeraId },
    );
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(h.simulator.callsTo('listLineItems')).toHaveLength(0);
  });

  it('maps an unknown key to UNAUTHENTICATED and another tenant to FORBIDDEN', async () => {
    const unknown = await h.graphql(
      `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id } } }`,
      undefined,
      {
        'x-api-key': 'nope-not-a-key',
      },
    );
    expect(unknown.body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(unknown.body)).not.toContain('nope-not-a-key');
    const other = await h.graphql(
      `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id } } }`,
      undefined,
      {
        'x-api-key': 'demo-other',
      },
    );
    expect(other.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  it('refuses a request with no key (and no server key) before any upstream call', async () => {
    const { status, body } = await h.graphql(
      `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id } } }`,
      undefined,
      {},
    );
    expect(status).toBe(401);
    expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(h.simulator.calls()).toHaveLength(0);
  });

  it('never returns a stack trace', async () => {
    const { body } = await h.graphql(`{ org(id: "${DEMO_ORG}") { commitmentPlan(id: "zzz") { id } } }`);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });
});

describe('HTTP', () => {
  const base = (): string => h.gateway.url.replace(/\/graphql$/, '');

  it('serves /healthz', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the Sandbox landing page to a browser', async () => {
    const res = await fetch(h.gateway.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/sandbox/i);
  });

  it('answers malformed JSON with a clear 400', async () => {
    const res = await fetch(h.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.message).toMatch(/Malformed JSON/);
  });

  it('answers GET queries', async () => {
    const q = encodeURIComponent(`{ org(id: "${DEMO_ORG}") { id } }`);
    const res = await fetch(`${h.gateway.url}?query=${q}`, {
      headers: { 'x-api-key': 'demo', 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { org: { id: DEMO_ORG } } });
  });
});
