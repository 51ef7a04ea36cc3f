/** Apply (v1) and purchase (v2): state changes, conflicts, reset, and what the call log records. */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, CHILD, DEMO, partner, plans } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(() => {
  sim.resetState();
  sim.resetCalls();
});
afterAll(() => sim.close());

const apply = (planId: string, headers: Record<string, string> = {}) =>
  call(sim.url, `${plans(DEMO)}/${planId}/apply`, { method: 'POST', headers });

describe('apply', () => {
  it('schedules the plan, then answers 409 on a second apply', async () => {
    const { planId } = FIXTURES.recommendedPlan;
    const first = await apply(planId, { 'Idempotency-Key': 'k-1', 'x-request-id': 'r-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: planId, status: 'scheduled' });
    expect((await call(sim.url, `${plans(DEMO)}/${planId}`)).body.status).toBe('scheduled');
    const recommended = await call(sim.url, `${plans(DEMO)}/recommended`, { query: { provider: 'aws' } });
    expect(recommended.body.status).toBe('scheduled');

    const second = await apply(planId);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: 'Conflict', message: expect.stringContaining('scheduled') });
    expect(sim.callsTo('applyPlan').map((c) => [c.status, c.idempotencyKey, c.requestId])).toEqual([
      [200, 'k-1', 'r-1'],
      [409, null, null],
    ]);
  });

  it('answers 409 for completed, calculating and empty plans, 404 for unknown ones', async () => {
    expect((await apply(FIXTURES.completedPlan.planId)).status).toBe(409);
    expect((await apply(FIXTURES.noRecommendedPlan.planId)).status).toBe(409);
    expect(
      (await call(sim.url, `${plans(DEMO)}/${FIXTURES.emptyPlan.planId}/apply`, { method: 'POST' })).status,
    ).toBe(409);
    expect((await apply('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(
      (
        await call(sim.url, `${plans(FIXTURES.orgs.other)}/${FIXTURES.otherTenantPlan.planId}/apply`, {
          method: 'POST',
        })
      ).status,
    ).toBe(403);
  });

  it('is undone by resetState()', async () => {
    const { planId } = FIXTURES.balancedPlan;
    expect((await apply(planId)).status).toBe(200);
    sim.resetState();
    expect((await call(sim.url, `${plans(DEMO)}/${planId}`)).body.status).toBe(FIXTURES.balancedPlan.status);
    expect((await apply(planId)).status).toBe(200);
  });
});

describe('purchase (v2)', () => {
  const purchase = (planId: string, headers: Record<string, string> = {}) =>
    call(sim.url, `${partner(CHILD)}/purchase`, {
      method: 'POST',
      body: { plan_id: planId, confirm: true },
      headers,
    });

  it('purchases a partner plan once, then answers 409', async () => {
    const { planId } = FIXTURES.partnerPlan;
    const listed = (await call(sim.url, `${partner(CHILD)}/default`)).body.find(
      (p: { id: string }) => p.id === planId,
    );
    const first = await purchase(planId, { 'Idempotency-Key': 'buy-1' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      plan_id: planId,
      org_id: CHILD,
      status: 'submitted',
      line_item_count: listed.configuration.line_item_count,
      upfront_cost: listed.upfront_cost,
      monthly_cost: listed.monthly_cost,
    });
    expect(first.body.purchase_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(first.body.submitted_at)).not.toBeNaN();
    const after = (await call(sim.url, `${partner(CHILD)}/default`)).body.find(
      (p: { id: string }) => p.id === planId,
    );
    expect(after.status).toBe('in_progress');
    expect((await purchase(planId, { 'Idempotency-Key': 'buy-2' })).status).toBe(409);
    const logged = sim.callsTo('purchasePartnerPlan');
    expect(logged.map((c) => [c.status, c.idempotencyKey])).toEqual([
      [200, 'buy-1'],
      [409, 'buy-2'],
    ]);
    expect(logged[0]?.body).toEqual({ plan_id: planId, confirm: true });
  });

  it('shares state with the v1 plan it is built from', async () => {
    const { planId } = FIXTURES.partnerPlan;
    expect((await purchase(planId)).status).toBe(200);
    const v1 = (await call(sim.url, `${plans(CHILD)}/default`, { query: { provider: 'aws' } })).body.find(
      (p: { id: string }) => planId === `plan_${p.id.replace(/-/g, '').slice(0, 16)}`,
    );
    expect(v1.status).toBe('in_progress');
    expect((await call(sim.url, `${plans(CHILD)}/${v1.id}/apply`, { method: 'POST' })).status).toBe(409);
  });

  it('answers 404 for a plan id the org does not have', async () => {
    expect((await purchase('plan_doesnotexist00')).status).toBe(404);
    // A plan of another org the key owns is not this org's plan.
    expect((await purchase(FIXTURES.partnerPlans[DEMO][0]!)).status).toBe(404);
  });

  it('is undone by resetState()', async () => {
    const { planId } = FIXTURES.partnerPlan;
    expect((await purchase(planId)).status).toBe(200);
    sim.resetState();
    expect((await purchase(planId)).status).toBe(200);
  });
});
