/**
 * What a UI (or a subscription) waits on, moved on by the admin: a plan finishes (or restarts) calculating,
 * a plan changes status, and purchases in progress complete. Everything answers from the new state, and
 * resetState() undoes it.
 */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, CHILD, DEMO } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.resetState());

const CALCULATING = FIXTURES.noRecommendedPlan.planId;
const plan = (id: string) => call(sim.url, `/v1/org/${DEMO}/commitment-plans/${id}`);
const recommendedGcp = () =>
  call(sim.url, `/v1/org/${DEMO}/commitment-plans/recommended`, { query: { provider: 'gcp' } });

test('a plan that finishes calculating is recommended; restarting it hides it again', async () => {
  expect((await plan(CALCULATING)).body.is_calculating).toBe(true);
  expect((await recommendedGcp()).status).toBe(204);
  sim.updatePlan(CALCULATING, { isCalculating: false });
  expect((await plan(CALCULATING)).body.is_calculating).toBe(false);
  const recommended = await recommendedGcp();
  expect(recommended.status).toBe(200);
  expect(recommended.body.id).toBe(CALCULATING);
  sim.updatePlan(CALCULATING, { isCalculating: true });
  expect((await recommendedGcp()).status).toBe(204);
  sim.resetState();
  expect((await plan(CALCULATING)).body.is_calculating).toBe(true);
});

test('the admin endpoint does the same over HTTP, and refuses what it does not know', async () => {
  const put = (id: string, body: unknown) =>
    call(sim.url, `/__simulator/plans/${id}`, { method: 'PUT', body, key: null });
  const done = await put(CALCULATING, { isCalculating: false, status: 'reviewed' });
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ id: CALCULATING, is_calculating: false, status: 'reviewed' });
  expect((await put('00000000-0000-4000-8000-000000000000', { isCalculating: false })).status).toBe(400);
  expect((await put(CALCULATING, { status: 'archived' })).status).toBe(400);
  expect((await put(CALCULATING, { colour: 'red' })).status).toBe(400);
});

test('a purchase puts its plan in progress; completing purchases completes it, for the partner plan too', async () => {
  const partnerPlanId = FIXTURES.partnerPlan.planId;
  const bought = await call(sim.url, `/v2/org/${CHILD}/partners/plans/purchase`, {
    method: 'POST',
    body: { plan_id: partnerPlanId, confirm: true },
  });
  expect(bought.status).toBe(200);
  const statusOf = async (): Promise<string> =>
    (
      (await call(sim.url, `/v2/org/${CHILD}/partners/plans/default`)).body as Array<{
        id: string;
        status: string;
      }>
    ).find((p) => p.id === partnerPlanId)!.status;
  expect(await statusOf()).toBe('in_progress');
  const completed = await call(sim.url, '/__simulator/purchases/complete', { method: 'POST', key: null });
  expect(completed.body).toEqual({ completed: 1 });
  expect(await statusOf()).toBe('completed');
});
