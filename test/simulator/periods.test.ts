/**
 * Answers for a period (start_date / end_date) depend on the period, as the real API's do: resource
 * matches, commitment details (daily utilization, utilization, attribution) and metrics. The same period
 * always gives the same numbers.
 */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, commitments, DEMO, micros, plans } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// Resource matches take both dates inclusive; details and metrics end exclusive.
const SEPTEMBER = { start_date: '2026-09-01', end_date: '2026-09-30' };
const OCTOBER = { start_date: '2026-10-01', end_date: '2026-10-31' };
const SEPTEMBER_EXCL = { start_date: '2026-09-01', end_date: '2026-10-01' };
const OCTOBER_EXCL = { start_date: '2026-10-01', end_date: '2026-11-01' };

async function allMatches(planId: string, period: Record<string, string>): Promise<Json[]> {
  const out: Json[] = [];
  for (let page = 1; ; page++) {
    const r = await call<Json[]>(sim.url, `${plans(DEMO)}/${planId}/resource-matches`, {
      query: { ...period, page, page_size: 100, order_by: 'id', desc: false },
    });
    expect(r.status).toBe(200);
    out.push(...r.body);
    if (r.body.length < 100) return out;
  }
}

const byId = (list: Json[]): Map<string, Json> => new Map(list.map((m) => [m.id as string, m]));

describe('resource matches', () => {
  const plan = FIXTURES.largePlan;

  it('the periods used here lie in the usage data', () => {
    for (const p of [SEPTEMBER, OCTOBER]) {
      expect(p.start_date >= FIXTURES.dataRange.start).toBe(true);
      expect(p.end_date < FIXTURES.dataRange.end).toBe(true);
    }
  });

  it('have units and costs that follow the usage of the period', async () => {
    const [sep, oct] = await Promise.all([
      allMatches(plan.planId, SEPTEMBER),
      allMatches(plan.planId, OCTOBER),
    ]);
    const octById = byId(oct);
    const common = sep.filter((m) => octById.has(m.id));
    expect(common.length).toBeGreaterThan(100);
    const differ = (field: string) => common.filter((m) => m[field] !== octById.get(m.id)![field]).length;
    // Nearly every resource's usage differs from one month to the next, and with it the costs.
    expect(differ('total_units')).toBeGreaterThan(common.length * 0.9);
    expect(differ('if_all_ondemand_cost')).toBeGreaterThan(common.length * 0.9);
    expect(differ('before_cost')).toBeGreaterThan(common.length * 0.5);
    expect(differ('coverage')).toBeGreaterThan(common.length * 0.3);
    // What is fixed by the plan stays: the resource, the price, the commitment's cost.
    for (const m of common) {
      const o = octById.get(m.id)!;
      expect(o.resource).toEqual(m.resource);
      expect(o.ondemand_price).toBe(m.ondemand_price);
      expect(micros(o.after_reserved_cost) - micros(o.before_reserved_cost)).toBe(
        micros(m.after_reserved_cost) - micros(m.before_reserved_cost),
      );
    }
    // Totals over the plan differ too.
    const total = (list: Json[], f: string) => list.reduce((s, m) => s + micros(m[f]), 0);
    expect(total(sep, 'before_cost')).not.toBe(total(oct, 'before_cost'));
  });

  it('leave out resources that had no usage in the period, and count days before a resource started as none', async () => {
    const [sep, oct] = await Promise.all([
      allMatches(plan.planId, SEPTEMBER),
      allMatches(plan.planId, OCTOBER),
    ]);
    // Some resources started in October: they match October only.
    const sepIds = new Set(sep.map((m) => m.id));
    const octOnly = oct.filter((m) => !sepIds.has(m.id));
    expect(octOnly.length).toBeGreaterThan(0);
    for (const m of octOnly) expect(m.resource.usage_start > SEPTEMBER.end_date).toBe(true);
    // One that started late in October used less over the month than over the plan's usage window.
    const late = oct.find((m) => m.resource.usage_start >= '2026-10-20');
    expect(late).toBeDefined();
    const window = byId(await allMatches(plan.planId, plan.usageWindow)).get(late!.id)!;
    expect(late!.total_units).toBeLessThan(window.total_units * 0.6);
  });

  it('add up to the plan over the usage window the plan was calculated from', async () => {
    const [window, planBody] = await Promise.all([
      allMatches(plan.planId, plan.usageWindow),
      call<Json>(sim.url, `${plans(DEMO)}/${plan.planId}`).then((r) => r.body),
    ]);
    expect(window).toHaveLength(plan.resourceMatchCount);
    const total = (f: string) => window.reduce((s, m) => s + micros(m[f]), 0);
    expect(total('covered_ondemand_cost')).toBe(micros(planBody.covered_ondemand_cost_hourly));
    expect(total('before_ondemand_cost')).toBe(micros(planBody.before_ondemand_cost_hourly));
    expect(total('before_reserved_cost')).toBe(micros(planBody.before_reserved_cost_hourly));
    expect(total('after_reserved_cost') - total('before_reserved_cost')).toBe(
      micros(planBody.amortized_cost_hourly),
    );
    // The usage window is the 30 days before the day the plan was created.
    const created = planBody.created_at.slice(0, 10) as string;
    const dayBefore = new Date(Date.parse(`${created}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(plan.usageWindow.end_date).toBe(dayBefore);
  });

  it('are the same for the same period', async () => {
    const a = await call(sim.url, `${plans(DEMO)}/${plan.planId}/resource-matches`, {
      query: { ...SEPTEMBER, page_size: 100, page: 2 },
    });
    const b = await call(sim.url, `${plans(DEMO)}/${plan.planId}/resource-matches`, {
      query: { ...SEPTEMBER, page_size: 100, page: 2 },
    });
    expect(b.text).toBe(a.text);
    expect(b.headers.get('x-pagination')).toBe(a.headers.get('x-pagination'));
  });
});

describe('commitment details', () => {
  const id = FIXTURES.commitment.commitmentId;
  const details = (period: Record<string, string>) =>
    call<Json>(sim.url, `${commitments(DEMO)}/${id}`, { query: period }).then((r) => r.body);

  it('have daily utilization, utilization and attribution of the period', async () => {
    const [sep, oct] = await Promise.all([details(SEPTEMBER_EXCL), details(OCTOBER_EXCL)]);
    expect(sep).toMatchObject({ id, period_start: '2026-09-01', period_end: '2026-10-01' });
    expect(oct).toMatchObject({ id, period_start: '2026-10-01', period_end: '2026-11-01' });
    expect(sep.daily_utilization).toHaveLength(30);
    expect(oct.daily_utilization).toHaveLength(31);
    expect(sep.daily_utilization.map((d: Json) => d.date)).not.toEqual(
      oct.daily_utilization.map((d: Json) => d.date),
    );
    expect(sep.utilization).not.toBe(oct.utilization);
    expect(sep.attribution.total_covered_cost).not.toBe(oct.attribution.total_covered_cost);
    expect(sep.attribution.unattributed_cost).not.toBe(oct.attribution.unattributed_cost);
    expect(sep.attribution.resources.map((r: Json) => r.covered_hours)).not.toEqual(
      oct.attribution.resources.map((r: Json) => r.covered_hours),
    );
    // The commitment itself (identity, monthly rates as of the last data day) does not depend on it.
    for (const f of [
      'display_name',
      'status',
      'monthly_commitment_cost',
      'monthly_net_savings',
      'start_date',
    ]) {
      expect(oct[f]).toEqual(sep[f]);
    }
  });

  it('are the same for the same period', async () => {
    const [a, b] = await Promise.all([details(OCTOBER_EXCL), details(OCTOBER_EXCL)]);
    expect(b).toEqual(a);
  });
});

describe('commitment metrics', () => {
  const metrics = (period: Record<string, string>) =>
    call<Json>(sim.url, `${commitments(DEMO)}/metrics`, { query: { provider: 'aws', ...period } }).then(
      (r) => r.body,
    );

  it('have totals, utilization and daily points of the period', async () => {
    const [sep, oct] = await Promise.all([metrics(SEPTEMBER_EXCL), metrics(OCTOBER_EXCL)]);
    expect([sep.period_start, sep.period_end]).toEqual(['2026-09-01', '2026-10-01']);
    expect([oct.period_start, oct.period_end]).toEqual(['2026-10-01', '2026-11-01']);
    expect(sep.daily).toHaveLength(30);
    expect(oct.daily).toHaveLength(31);
    for (const f of [
      'net_savings',
      'gross_savings',
      'commitment_cost',
      'ondemand_equivalent_cost',
      'utilization',
    ]) {
      expect(oct.totals[f]).not.toBe(sep.totals[f]);
    }
    expect(oct.utilization).not.toBe(sep.utilization);
    expect(oct.underutilized_commitment_cost).not.toBe(sep.underutilized_commitment_cost);
  });

  it('are the same for the same period', async () => {
    const [a, b] = await Promise.all([metrics(SEPTEMBER_EXCL), metrics(SEPTEMBER_EXCL)]);
    expect(b).toEqual(a);
  });
});
