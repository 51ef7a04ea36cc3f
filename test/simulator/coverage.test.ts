/**
 * Daily coverage (GET .../commitments/metrics/daily-coverage, an inferred endpoint): one point per day of
 * the period (end exclusive, clamped to the data like metrics), covered = the on-demand equivalent of what
 * the commitments used (metrics' ondemand_equivalent_cost, to the cent), coverage = covered / (covered +
 * uncovered) of each day and of the period's sums; it depends on the period and on the filter.
 */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { call, cents, commitments, DEMO, OTHER, type RequestOptions } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SEPTEMBER = { start_date: '2026-09-01', end_date: '2026-10-01' };
const OCTOBER = { start_date: '2026-10-01', end_date: '2026-11-01' };

async function get(
  what: 'metrics' | 'metrics/daily-coverage',
  query: RequestOptions['query'],
  org: string = DEMO,
) {
  const r = await call<Json>(sim.url, `${commitments(org)}/${what}`, {
    key: org === OTHER ? 'demo-other' : 'demo',
    query: { provider: 'aws', ...query },
  });
  expect({ what, query, status: r.status }).toEqual({ what, query, status: 200 });
  return r.body;
}
const coverage = (query: RequestOptions['query'], org: string = DEMO) =>
  get('metrics/daily-coverage', query, org);
const metrics = (query: RequestOptions['query'], org: string = DEMO) => get('metrics', query, org);

/** A ratio as the simulator rounds it (4 decimals; 0 of nothing). */
const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10_000) / 10_000);

function expectConsistent(body: Json): void {
  const covered = body.daily.reduce((s: number, d: Json) => s + cents(d.covered_ondemand_cost), 0);
  const uncovered = body.daily.reduce((s: number, d: Json) => s + cents(d.uncovered_ondemand_cost), 0);
  expect(cents(body.covered_ondemand_cost)).toBe(covered);
  expect(cents(body.uncovered_ondemand_cost)).toBe(uncovered);
  expect(body.coverage).toBe(ratio(covered, covered + uncovered));
  for (const d of body.daily) {
    const c = cents(d.covered_ondemand_cost);
    const u = cents(d.uncovered_ondemand_cost);
    expect(d.coverage).toBe(ratio(c, c + u));
    expect(d.coverage).toBeGreaterThanOrEqual(0);
    expect(d.coverage).toBeLessThanOrEqual(1);
    expect(u).toBeGreaterThanOrEqual(0);
  }
}

describe('daily coverage', () => {
  it('has one point per day of the period, end exclusive, totals = sums of the days', async () => {
    const body = await coverage(OCTOBER);
    expect(Object.keys(body)).toEqual([
      'period_start',
      'period_end',
      'coverage',
      'covered_ondemand_cost',
      'uncovered_ondemand_cost',
      'daily',
    ]);
    expect([body.period_start, body.period_end]).toEqual(['2026-10-01', '2026-11-01']);
    expect(body.daily).toHaveLength(31);
    expect(body.daily.map((d: Json) => d.date)).toEqual(
      Array.from({ length: 31 }, (_v, i) => `2026-10-${String(i + 1).padStart(2, '0')}`),
    );
    expectConsistent(body);
    // A realistic portfolio: most of the eligible usage is covered, not all of it.
    expect(body.coverage).toBeGreaterThan(0.5);
    expect(body.coverage).toBeLessThan(1);
    expect(body.uncovered_ondemand_cost).toBeGreaterThan(0);
  });

  it('covers what metrics calls ondemand_equivalent_cost, day by day, for the same query', async () => {
    const queries: RequestOptions['query'][] = [
      OCTOBER,
      { ...SEPTEMBER, provider: 'azure', search: 'eastus' },
      { ...OCTOBER, provider: 'gcp' },
      { ...OCTOBER, filter: JSON.stringify({ type: ['EC2', 'Compute'], is_archera_guaranteed: [true] }) },
    ];
    for (const query of queries) {
      const [cov, met] = await Promise.all([coverage(query), metrics(query)]);
      expect([cov.period_start, cov.period_end]).toEqual([met.period_start, met.period_end]);
      expect(cov.daily.map((d: Json) => [d.date, cents(d.covered_ondemand_cost)])).toEqual(
        met.daily.map((d: Json) => [d.date, cents(d.ondemand_equivalent_cost)]),
      );
      expect(cents(cov.covered_ondemand_cost)).toBe(cents(met.totals.ondemand_equivalent_cost));
      expect(cov.covered_ondemand_cost).toBeGreaterThan(0);
      expectConsistent(cov);
    }
  });

  it('depends on the period, and is the same for the same period', async () => {
    const [sep, oct, again] = await Promise.all([coverage(SEPTEMBER), coverage(OCTOBER), coverage(OCTOBER)]);
    expect(again).toEqual(oct);
    expect(sep.daily).toHaveLength(30);
    expect(sep.coverage).not.toBe(oct.coverage);
    expect(sep.covered_ondemand_cost).not.toBe(oct.covered_ondemand_cost);
    expect(sep.uncovered_ondemand_cost).not.toBe(oct.uncovered_ondemand_cost);
    // Days differ from each other too.
    expect(new Set(oct.daily.map((d: Json) => d.coverage)).size).toBeGreaterThan(5);
  });

  it('depends on the filter: the covered and uncovered spend of a partition add up to the whole', async () => {
    const all = (
      await call<Json[]>(sim.url, commitments(DEMO), {
        query: { provider: 'aws', only_active: false, page_size: 10000 },
      })
    ).body;
    const types = [...new Set(all.map((c) => c.type as string))];
    const whole = await coverage(OCTOBER);
    const parts = await Promise.all(
      types.map((type) => coverage({ ...OCTOBER, filter: JSON.stringify({ type: [type] }) })),
    );
    for (const f of ['covered_ondemand_cost', 'uncovered_ondemand_cost']) {
      expect(parts.reduce((s, p) => s + cents(p[f]), 0)).toBe(cents(whole[f]));
    }
    const coverages = parts.filter((p) => p.covered_ondemand_cost > 0).map((p) => p.coverage);
    expect(new Set(coverages).size).toBeGreaterThan(1);
    expect(coverages.some((c) => c !== whole.coverage)).toBe(true);
    expect(await coverage({ ...OCTOBER, filter: '{}' })).toEqual(whole);
    const none = await coverage({ ...OCTOBER, filter: JSON.stringify({ type: ['NoSuchType'] }) });
    expect(none).toMatchObject({ coverage: 0, covered_ondemand_cost: 0, uncovered_ondemand_cost: 0 });
    expect(none.daily).toHaveLength(31);
  });

  it('is clamped to the usage data, like metrics', async () => {
    const late = await coverage({ start_date: '2026-11-20', end_date: '2027-01-01' });
    expect(late).toMatchObject({ period_start: '2026-11-20', period_end: FIXTURES.asOf });
    expect(late.daily).toHaveLength(7);
    expect(late.daily.at(-1).date).toBe(FIXTURES.lastDataDay);
    expectConsistent(late);
    const early = await coverage({ start_date: '2020-01-01', end_date: '2020-02-01' });
    expect(early).toMatchObject({
      period_start: FIXTURES.dataRange.start,
      coverage: 0,
      covered_ondemand_cost: 0,
      uncovered_ondemand_cost: 0,
      daily: [],
    });
    expect(early.period_end).toBe(early.period_start);
  });

  it("answers each org's own commitments", async () => {
    const [demo, other] = await Promise.all([coverage(OCTOBER), coverage(OCTOBER, OTHER)]);
    expect(other.covered_ondemand_cost).toBeGreaterThan(0);
    expect(other.covered_ondemand_cost).not.toBe(demo.covered_ondemand_cost);
    expectConsistent(other);
  });

  it('requires provider and both dates, end after start', async () => {
    const path = `${commitments(DEMO)}/metrics/daily-coverage`;
    const problems = async (query: RequestOptions['query']): Promise<string[]> => {
      const r = await call<Json>(sim.url, path, { query });
      expect(r.status).toBe(422);
      return Object.keys(r.body.errors.query).sort();
    };
    expect(await problems({})).toEqual(['end_date', 'provider', 'start_date']);
    expect(await problems({ provider: 'kubernetes', ...OCTOBER })).toEqual(['provider']);
    expect(await problems({ provider: 'aws', start_date: '2026-10-05', end_date: '2026-10-05' })).toEqual([
      'end_date',
    ]);
    expect(await problems({ provider: 'aws', start_date: '2026-02-30', end_date: '2026-10-05' })).toEqual([
      'start_date',
    ]);
  });
});
