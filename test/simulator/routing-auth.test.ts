/** Auth, tenancy, routing precedence and the statuses that come from them. */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, CHILD, commitments, DEMO, OTHER, partner, plans } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

describe('auth and tenancy', () => {
  it('answers 401 without a key or with an unknown key, before anything else', async () => {
    for (const key of [null, 'nope', '']) {
      const r = await call(sim.url, `${plans(DEMO)}/default`, { key, query: { provider: 'aws' } });
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({
        type: 'Unauthorized',
        message: expect.any(String),
        timestamp: expect.any(String),
      });
    }
    // Even a malformed request is a 401 first.
    expect((await call(sim.url, `${plans('not-a-uuid')}/default`, { key: null })).status).toBe(401);
  });

  it('answers 403 on another tenant org, 404 on an org nobody owns', async () => {
    expect((await call(sim.url, `${plans(OTHER)}/default`, { query: { provider: 'aws' } })).status).toBe(403);
    expect(
      (await call(sim.url, `${plans(DEMO)}/default`, { key: 'demo-other', query: { provider: 'aws' } }))
        .status,
    ).toBe(403);
    expect((await call(sim.url, commitments(OTHER), { query: { provider: 'aws' } })).status).toBe(403);
    expect((await call(sim.url, `${partner(OTHER)}/default`)).status).toBe(403);
    const unknown = await call(sim.url, `${plans(FIXTURES.orgs.unknown)}/default`, {
      query: { provider: 'aws' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ type: 'NotFound' });
  });

  it('lets each key read its own orgs', async () => {
    expect((await call(sim.url, `${plans(DEMO)}/default`, { query: { provider: 'aws' } })).status).toBe(200);
    expect((await call(sim.url, `${plans(CHILD)}/default`, { query: { provider: 'aws' } })).status).toBe(200);
    expect(
      (await call(sim.url, `${plans(OTHER)}/default`, { key: 'demo-other', query: { provider: 'aws' } }))
        .status,
    ).toBe(200);
  });

  it('answers 404 for an unknown plan or commitment, and unknown routes', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await call(sim.url, `${plans(DEMO)}/${missing}`)).status).toBe(404);
    expect((await call(sim.url, `${plans(DEMO)}/${missing}/line-items`)).status).toBe(404);
    expect((await call(sim.url, `${commitments(DEMO)}/${missing}`)).status).toBe(404);
    // Another org's plan is not found in this org.
    expect((await call(sim.url, `${plans(DEMO)}/${FIXTURES.childOrgPlan.planId}`)).status).toBe(404);
    expect((await call(sim.url, '/v1/nothing-here')).status).toBe(404);
    expect((await call(sim.url, `${plans(DEMO)}/default/extra/segments`)).status).toBe(404);
  });

  it('answers 405 with Allow for a wrong method on a known path', async () => {
    const post = await call(sim.url, `${plans(DEMO)}/default`, {
      method: 'POST',
      query: { provider: 'aws' },
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(post.body).toMatchObject({ type: 'MethodNotAllowed' });
    const getApply = await call(sim.url, `${plans(DEMO)}/${FIXTURES.largePlan.planId}/apply`);
    expect(getApply.status).toBe(405);
    expect(getApply.headers.get('allow')).toBe('POST');
    expect((await call(sim.url, `${commitments(DEMO)}/summary`, { method: 'DELETE' })).status).toBe(405);
    expect((await call(sim.url, `${partner(CHILD)}/purchase`)).status).toBe(405);
  });
});

describe('routing precedence', () => {
  it('never takes default or recommended for a plan id', async () => {
    const defaults = await call(sim.url, `${plans(DEMO)}/default`, { query: { provider: 'aws' } });
    expect(defaults.body.map((p: { name: string }) => p.name)).toEqual([
      'High Savings',
      'Balanced',
      'Recommended',
    ]);
    const recommended = await call(sim.url, `${plans(DEMO)}/recommended`, { query: { provider: 'aws' } });
    expect(recommended.status).toBe(200);
    expect(recommended.body.name).toBe('Recommended');
    expect(
      sim
        .calls()
        .map((c) => c.endpoint)
        .slice(-2),
    ).toEqual(['getDefaultPlans', 'getRecommendedPlan']);
    // Under a sub-path the word is a plan id, and not a valid one.
    expect((await call(sim.url, `${plans(DEMO)}/default/line-items`)).status).toBe(422);
  });

  it('never takes summary, comparison, metrics or attributes for a commitment id', async () => {
    const q = { provider: 'aws' };
    const summary = await call(sim.url, `${commitments(DEMO)}/summary`, { query: q });
    expect(summary.body).toHaveProperty('total_active_commitments');
    const comparison = await call(sim.url, `${commitments(DEMO)}/comparison`, { query: q });
    expect(comparison.body).toHaveProperty('hypothetical_totals');
    const metrics = await call(sim.url, `${commitments(DEMO)}/metrics`, {
      query: { ...q, start_date: '2026-11-01', end_date: '2026-11-08' },
    });
    expect(metrics.body).toHaveProperty('daily');
    const attributes = await call(sim.url, `${commitments(DEMO)}/attributes`);
    expect(attributes.body.length).toBeGreaterThan(5);
    const values = await call(sim.url, `${commitments(DEMO)}/attributes/type`, { query: q });
    expect(values.body).toEqual(expect.arrayContaining(['Compute', 'EC2Instance', 'RDS']));
    expect(
      sim
        .calls()
        .slice(-5)
        .map((c) => c.endpoint),
    ).toEqual([
      'getCommitmentSummary',
      'getCommitmentComparison',
      'getCommitmentMetrics',
      'listCommitmentAttributes',
      'listCommitmentAttributeValues',
    ]);
  });

  it('answers 204 with an empty body where no recommended plan is available', async () => {
    const gcp = await call(sim.url, `${plans(DEMO)}/recommended`, {
      query: { provider: FIXTURES.noRecommendedPlan.provider },
    });
    expect(gcp.status).toBe(204);
    expect(gcp.text).toBe('');
    // The plan exists (reachable by id), it is just still calculating.
    const plan = await call(sim.url, `${plans(DEMO)}/${FIXTURES.noRecommendedPlan.planId}`);
    expect(plan.body).toMatchObject({ name: 'Recommended', is_calculating: true });
    // A provider without data: no default plans, no recommendation.
    expect(
      (await call(sim.url, `${plans(CHILD)}/recommended`, { query: { provider: 'azure' } })).status,
    ).toBe(204);
    expect(
      (await call(sim.url, `${plans(CHILD)}/default`, { query: { provider: 'kubernetes' } })).body,
    ).toEqual([]);
  });

  it('reaches non-default plans by id', async () => {
    for (const fixture of [FIXTURES.fewItemsPlan, FIXTURES.emptyPlan, FIXTURES.completedPlan]) {
      const r = await call(sim.url, `${plans(fixture.orgId)}/${fixture.planId}`);
      expect(r.status).toBe(200);
      expect(r.body.id).toBe(fixture.planId);
      const defaults = await call(sim.url, `${plans(fixture.orgId)}/default`, {
        query: { provider: fixture.provider },
      });
      expect(defaults.body.map((p: { id: string }) => p.id)).not.toContain(fixture.planId);
    }
  });

  it('logs every call with its endpoint, status, key fingerprint and headers', async () => {
    sim.resetCalls();
    await call(sim.url, `${plans(DEMO)}/default`, {
      query: { provider: 'aws' },
      headers: { 'x-request-id': 'req-1' },
    });
    await call(sim.url, '/nowhere', { key: null });
    const [first, second] = sim.calls();
    expect(first).toMatchObject({
      endpoint: 'getDefaultPlans',
      method: 'GET',
      status: 200,
      requestId: 'req-1',
      query: { provider: 'aws' },
    });
    expect(first?.apiKeyFingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(JSON.stringify(first)).not.toContain('"demo"');
    expect(second).toMatchObject({ endpoint: 'unknown', status: 404, apiKeyFingerprint: null });
    expect(sim.callsTo('getDefaultPlans')).toHaveLength(1);
  });
});
