/** 422 answers: Error bodies {code, status, message, errors} naming the location and field. */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, CHILD, commitments, DEMO, partner, plans, type RequestOptions } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

const plan = FIXTURES.largePlan.planId;
const dates = { start_date: '2026-11-01', end_date: '2026-11-20' };

async function expect422(
  path: string,
  options: RequestOptions,
  location: string,
  field: string,
): Promise<void> {
  const r = await call(sim.url, path, options);
  expect({ path, query: options.query, status: r.status }).toEqual({
    path,
    query: options.query,
    status: 422,
  });
  expect(r.body).toMatchObject({ code: 422, status: 'Unprocessable Entity', message: expect.any(String) });
  expect(Object.keys(r.body)).toEqual(['code', 'status', 'message', 'errors']);
  expect(r.body.errors[location]).toHaveProperty([field]);
}

describe('422 on v1 plans', () => {
  it('rejects missing and unknown providers', async () => {
    await expect422(`${plans(DEMO)}/default`, {}, 'query', 'provider');
    await expect422(`${plans(DEMO)}/default`, { query: { provider: 'AWS' } }, 'query', 'provider');
    await expect422(`${plans(DEMO)}/recommended`, { query: { provider: 'oracle' } }, 'query', 'provider');
  });

  it('rejects page_size over 100, page < 1 and non-integer pages', async () => {
    const path = `${plans(DEMO)}/${plan}/line-items`;
    await expect422(path, { query: { page_size: 101 } }, 'query', 'page_size');
    await expect422(path, { query: { page_size: 0 } }, 'query', 'page_size');
    await expect422(path, { query: { page: 0 } }, 'query', 'page');
    await expect422(path, { query: { page: 'two' } }, 'query', 'page');
    await expect422(path, { query: { page: '1.5' } }, 'query', 'page');
    expect((await call(sim.url, path, { query: { page_size: 100 } })).status).toBe(200);
  });

  it('rejects bad enums, booleans and uuids in the query', async () => {
    const path = `${plans(DEMO)}/${plan}/line-items`;
    await expect422(path, { query: { order_by: 'price' } }, 'query', 'order_by');
    await expect422(path, { query: { desc: 'maybe' } }, 'query', 'desc');
    await expect422(path, { query: { resource_match_ids: ['not-a-uuid'] } }, 'query', 'resource_match_ids.0');
    await expect422(
      `${plans(DEMO)}/${plan}/resource-matches`,
      { query: { ...dates, line_item_ids: ['x'] } },
      'query',
      'line_item_ids.0',
    );
    await expect422(
      `${plans(DEMO)}/${plan}/resource-matches`,
      { query: { ...dates, order_by: 'savings' } },
      'query',
      'order_by',
    );
  });

  it('requires well-formed start_date and end_date on resource matches', async () => {
    const path = `${plans(DEMO)}/${plan}/resource-matches`;
    await expect422(path, {}, 'query', 'start_date');
    await expect422(path, { query: { start_date: '2026-11-01' } }, 'query', 'end_date');
    await expect422(
      path,
      { query: { start_date: '2026-02-30', end_date: '2026-03-10' } },
      'query',
      'start_date',
    );
    await expect422(
      path,
      { query: { start_date: '11/01/2026', end_date: '2026-11-10' } },
      'query',
      'start_date',
    );
    await expect422(
      path,
      { query: { start_date: '2026-11-10', end_date: '2026-11-01' } },
      'query',
      'end_date',
    );
  });

  it('rejects malformed uuids in the path', async () => {
    await expect422(`${plans('8c1f3a52')}/default`, { query: { provider: 'aws' } }, 'path', 'org_id');
    await expect422(`${plans(DEMO)}/abc`, {}, 'path', 'plan_id');
    await expect422(`${plans(DEMO)}/abc/apply`, { method: 'POST' }, 'path', 'plan_id');
    await expect422(`${commitments(DEMO)}/12345`, {}, 'path', 'commitment_id');
    await expect422(`${partner('child')}/default`, {}, 'path', 'child_org_id');
  });

  it('reports every problem of a request at once', async () => {
    const r = await call(sim.url, `${plans(DEMO)}/${plan}/line-items`, {
      query: { page: 0, page_size: 500, order_by: 'x' },
    });
    expect(Object.keys(r.body.errors.query).sort()).toEqual(['order_by', 'page', 'page_size']);
  });
});

describe('422 on beta commitments', () => {
  it('accepts page_size up to 10000 on the inventory', async () => {
    expect(
      (await call(sim.url, commitments(DEMO), { query: { provider: 'aws', page_size: 10000 } })).status,
    ).toBe(200);
    await expect422(
      commitments(DEMO),
      { query: { provider: 'aws', page_size: 10001 } },
      'query',
      'page_size',
    );
  });

  it('rejects missing or non-beta providers and bad order_by', async () => {
    await expect422(commitments(DEMO), {}, 'query', 'provider');
    await expect422(commitments(DEMO), { query: { provider: 'kubernetes' } }, 'query', 'provider');
    await expect422(commitments(DEMO), { query: { provider: 'aws', order_by: 'cost' } }, 'query', 'order_by');
    await expect422(
      commitments(DEMO),
      { query: { provider: 'aws', only_active: 'sometimes' } },
      'query',
      'only_active',
    );
    await expect422(`${commitments(DEMO)}/summary`, {}, 'query', 'provider');
    await expect422(`${commitments(DEMO)}/attributes/type`, {}, 'query', 'provider');
  });

  it('requires dates on metrics, with end after start', async () => {
    const path = `${commitments(DEMO)}/metrics`;
    await expect422(path, { query: { provider: 'aws' } }, 'query', 'start_date');
    await expect422(path, { query: { provider: 'aws', start_date: '2026-11-01' } }, 'query', 'end_date');
    await expect422(
      path,
      { query: { provider: 'aws', start_date: '2026-13-01', end_date: '2026-11-02' } },
      'query',
      'start_date',
    );
    await expect422(
      path,
      { query: { provider: 'aws', start_date: '2026-11-05', end_date: '2026-11-05' } },
      'query',
      'end_date',
    );
  });

  it('checks commitment ids, payment options and detail dates', async () => {
    await expect422(
      `${commitments(DEMO)}/comparison`,
      { query: { provider: 'aws', commitment_ids: ['nope'] } },
      'query',
      'commitment_ids.0',
    );
    await expect422(
      `${commitments(DEMO)}/comparison`,
      { query: { provider: 'aws', payment_options: ['monthly'] } },
      'query',
      'payment_options.0',
    );
    const id = FIXTURES.commitment.commitmentId;
    await expect422(
      `${commitments(DEMO)}/${id}`,
      { query: { start_date: 'yesterday' } },
      'query',
      'start_date',
    );
    await expect422(
      `${commitments(DEMO)}/${id}`,
      { query: { start_date: '2026-11-10', end_date: '2026-11-01' } },
      'query',
      'end_date',
    );
  });
});

describe('422 on the v2 purchase body', () => {
  const path = `${partner(CHILD)}/purchase`;
  const planId = FIXTURES.partnerPlan.planId;
  it.each([
    ['no body', undefined, '_schema'],
    ['invalid JSON', '{"plan_id":', '_schema'],
    ['an array', [planId], '_schema'],
    ['no plan_id', { confirm: true }, 'plan_id'],
    ['a numeric plan_id', { plan_id: 7, confirm: true }, 'plan_id'],
    ['no confirm', { plan_id: planId }, 'confirm'],
    ['confirm false', { plan_id: planId, confirm: false }, 'confirm'],
    ['confirm "true"', { plan_id: planId, confirm: 'true' }, 'confirm'],
    ['an unknown field', { plan_id: planId, confirm: true, quantity: 2 }, 'quantity'],
  ])('rejects %s', async (_name, body, field) => {
    await expect422(path, { method: 'POST', body }, 'json', field);
  });

  it('changes nothing when the body is rejected', async () => {
    const plansNow = await call(sim.url, `${partner(CHILD)}/default`);
    expect(plansNow.body.every((p: { status: string }) => p.status !== 'in_progress')).toBe(true);
  });
});
