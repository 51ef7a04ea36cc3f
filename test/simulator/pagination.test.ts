/** Pages, X-Pagination metadata, ordering and filters of the three paginated endpoints. */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, commitments, DEMO, pagination, plans } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

const large = FIXTURES.largePlan;
const lineItems = `${plans(large.orgId)}/${large.planId}/line-items`;
const matches = `${plans(large.orgId)}/${large.planId}/resource-matches`;
const dates = { start_date: '2026-10-01', end_date: '2026-11-26' };

interface Item {
  id: string;
  [field: string]: unknown;
}

async function all(
  path: string,
  query: Record<string, string | number | boolean | readonly string[]> = {},
  pageSize = 100,
): Promise<Item[]> {
  const items: Item[] = [];
  for (let page = 1; ; page++) {
    const r = await call<Item[]>(sim.url, path, { query: { ...query, page, page_size: pageSize } });
    expect(r.status).toBe(200);
    items.push(...r.body);
    if (pagination(r).next_page === undefined) return items;
  }
}

describe('pagination metadata', () => {
  it('describes the first, a middle, the last and a page beyond the last', async () => {
    expect(large.lineItemCount).toBeGreaterThan(250);
    const pages = Math.ceil(large.lineItemCount / 100);
    const first = await call(sim.url, lineItems, { query: { page_size: 100 } });
    expect(first.body).toHaveLength(100);
    expect(pagination(first)).toEqual({
      total: large.lineItemCount,
      total_pages: pages,
      first_page: 1,
      last_page: pages,
      page: 1,
      next_page: 2,
    });
    const middle = await call(sim.url, lineItems, { query: { page: 2, page_size: 100 } });
    expect(pagination(middle)).toMatchObject({ page: 2, previous_page: 1, next_page: 3 });
    const last = await call(sim.url, lineItems, { query: { page: pages, page_size: 100 } });
    expect(last.body).toHaveLength(large.lineItemCount - 100 * (pages - 1));
    expect(pagination(last)).toEqual({
      total: large.lineItemCount,
      total_pages: pages,
      first_page: 1,
      last_page: pages,
      page: pages,
      previous_page: pages - 1,
    });
    const beyond = await call(sim.url, lineItems, { query: { page: pages + 5, page_size: 100 } });
    expect(beyond.status).toBe(200);
    expect(beyond.body).toEqual([]);
    expect(pagination(beyond)).toEqual({
      total: large.lineItemCount,
      total_pages: pages,
      first_page: 1,
      last_page: pages,
      page: pages + 5,
    });
  });

  it('uses page 1 and 20 items by default', async () => {
    const r = await call(sim.url, lineItems);
    expect(r.body).toHaveLength(20);
    expect(pagination(r)).toMatchObject({ page: 1, total_pages: Math.ceil(large.lineItemCount / 20) });
  });

  it('describes an empty list', async () => {
    const r = await call(sim.url, `${plans(DEMO)}/${FIXTURES.emptyPlan.planId}/line-items`);
    expect(r.body).toEqual([]);
    expect(pagination(r)).toEqual({ total: 0, total_pages: 0, first_page: 1, last_page: 1, page: 1 });
  });

  it('returns each of the 263 line items exactly once when paging, whatever the order', async () => {
    const orders: Record<string, string | boolean>[] = [
      {},
      { order_by: 'savings', desc: true },
      { order_by: 'offer.type' },
      { order_by: 'account_id', desc: true },
    ];
    for (const query of orders) {
      const items = await all(lineItems, query, 37);
      expect(items).toHaveLength(large.lineItemCount);
      expect(new Set(items.map((i) => i.id)).size).toBe(large.lineItemCount);
    }
  });

  it('pages resource matches and the commitment inventory the same way', async () => {
    const rms = await all(matches, dates);
    expect(rms).toHaveLength(large.resourceMatchCount);
    expect(new Set(rms.map((m) => m.id)).size).toBe(rms.length);
    const inventory = await all(commitments(DEMO), { provider: 'aws', only_active: false }, 64);
    expect(inventory).toHaveLength(FIXTURES.commitmentCounts[DEMO].aws.total);
    expect(new Set(inventory.map((c) => c.id)).size).toBe(inventory.length);
  });
});

function isSorted(values: unknown[], desc: boolean): boolean {
  const cmp = (a: unknown, b: unknown): number => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
    return Number(a) - Number(b);
  };
  return values.every((v, i) => i === 0 || (desc ? -1 : 1) * cmp(values[i - 1], v) <= 0);
}

describe('ordering', () => {
  it('orders line items by id by default, and by any order_by field either way', async () => {
    const byId = await all(lineItems);
    expect(
      isSorted(
        byId.map((i) => i.id),
        false,
      ),
    ).toBe(true);
    for (const [orderBy, field] of [
      ['savings', 'savings'],
      ['amortized_cost', 'after_amortized_cost'],
      ['breakeven_hours', 'breakeven_hours'],
    ] as const) {
      for (const desc of [false, true]) {
        const items = await all(lineItems, { order_by: orderBy, desc });
        expect(
          isSorted(
            items.map((i) => i[field]),
            desc,
          ),
        ).toBe(true);
      }
    }
  });

  it('breaks ties by id so the order is stable', async () => {
    const items = await all(lineItems, { order_by: 'offer.duration_seconds' });
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1] as Item & { offer: { duration_seconds: number } };
      const b = items[i] as Item & { offer: { duration_seconds: number } };
      if (a.offer.duration_seconds === b.offer.duration_seconds) expect(a.id < b.id).toBe(true);
      else expect(a.offer.duration_seconds).toBeLessThan(b.offer.duration_seconds);
    }
  });

  it('orders resource matches by covered_ondemand_cost descending by default', async () => {
    const rms = await all(matches, dates);
    expect(
      isSorted(
        rms.map((m) => m.covered_ondemand_cost),
        true,
      ),
    ).toBe(true);
    const asc = await all(matches, { ...dates, order_by: 'coverage', desc: false });
    expect(
      isSorted(
        asc.map((m) => m.coverage),
        false,
      ),
    ).toBe(true);
  });

  it('orders commitments by end_date ascending by default (earliest expiring first)', async () => {
    const active = await all(commitments(DEMO), { provider: 'aws' });
    expect(
      isSorted(
        active.map((c) => c.end_date),
        false,
      ),
    ).toBe(true);
    const byUtil = await all(commitments(DEMO), {
      provider: 'aws',
      only_active: false,
      order_by: 'utilization',
      desc: true,
    });
    // Nulls (queued commitments) sort after every value ascending, so before every value descending.
    const utils = byUtil.map((c) => c.utilization);
    const firstValue = utils.findIndex((u) => u !== null);
    expect(utils.slice(0, firstValue).every((u) => u === null)).toBe(true);
    expect(isSorted(utils.slice(firstValue), true)).toBe(true);
  });
});

describe('filters', () => {
  it('filters line items by segment_id and by resource_match_ids', async () => {
    const segment = FIXTURES.segments[DEMO][0]!.id;
    const inSegment = await all(lineItems, { segment_id: segment });
    expect(inSegment.length).toBeGreaterThan(0);
    expect(inSegment.length).toBeLessThan(large.lineItemCount);
    const counts = await Promise.all(
      FIXTURES.segments[DEMO].map(async (s) => (await all(lineItems, { segment_id: s.id })).length),
    );
    expect(counts.reduce((a, b) => a + b, 0)).toBe(large.lineItemCount);
    expect(await all(lineItems, { segment_id: 'no-such-segment' })).toEqual([]);

    const rms = (await call<Item[]>(sim.url, matches, { query: { ...dates, page_size: 3 } })).body;
    const owners = await all(lineItems, { resource_match_ids: rms.map((m) => m.id) });
    expect(owners.length).toBeGreaterThanOrEqual(1);
    expect(owners.length).toBeLessThanOrEqual(3);
  });

  it('filters resource matches by line_item_ids and by usage dates', async () => {
    const items = (await call<Item[]>(sim.url, lineItems, { query: { page_size: 2 } })).body;
    const ids = items.map((i) => i.id);
    const covered = (list: Item[]): number =>
      list.reduce((s, m) => s + Math.round((m.covered_ondemand_cost as number) * 1e6), 0);
    const filtered = await all(matches, { ...dates, line_item_ids: ids });
    expect(filtered.length).toBeGreaterThanOrEqual(2);
    // A commitment covers at most what its line item buys, whatever the period's usage...
    expect(covered(filtered)).toBeLessThanOrEqual(covered(items));
    // ...and over the usage the plan was calculated from, the line items' covered costs are the sums
    // over their matches.
    const inWindow = await all(matches, { ...large.usageWindow, line_item_ids: ids });
    expect(new Set(inWindow.map((m) => m.id))).toEqual(new Set(filtered.map((m) => m.id)));
    expect(covered(inWindow)).toBe(covered(items));
    // No usage that long ago.
    expect(await all(matches, { start_date: '2020-01-01', end_date: '2020-02-01' })).toEqual([]);
  });

  it('filters the inventory by only_active and search', async () => {
    const counts = FIXTURES.commitmentCounts[DEMO].aws;
    expect(await all(commitments(DEMO), { provider: 'aws' })).toHaveLength(counts.active);
    const all_ = await all(commitments(DEMO), { provider: 'aws', only_active: false });
    expect(all_).toHaveLength(counts.total);
    expect(new Set(all_.map((c) => c.status))).toEqual(new Set(['active', 'expired', 'queued']));
    for (const needle of [
      'M5.XLARGE',
      'eu-west-1',
      'Compute',
      FIXTURES.commitment.commitmentId.slice(0, 13),
    ]) {
      const found = await all(commitments(DEMO), { provider: 'aws', only_active: false, search: needle });
      expect(found.length).toBeGreaterThan(0);
      const lower = needle.toLowerCase();
      for (const c of found) {
        expect(
          [c.display_name, c.type, c.region, c.instance_type, c.id].some(
            (v) => typeof v === 'string' && v.toLowerCase().includes(lower),
          ),
        ).toBe(true);
      }
    }
    expect(await all(commitments(DEMO), { provider: 'aws', search: 'zzz-nothing' })).toEqual([]);
  });
});
