/** The numbers agree with each other, the way they would in Archera's console. */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import v1Spec from '../../openapi/archera-v1.openapi.json';
import { call, cents, CHILD, commitments, DEMO, micros, OTHER, partner, plans } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

const TERM_MONTHS: Record<string, number> = {
  one_year: 12,
  three_year: 36,
  one_year_gris: 12,
  thirty_day_gris: 1,
};
const ORGS: [string, string][] = [
  [DEMO, 'demo'],
  [CHILD, 'demo'],
  [OTHER, 'demo-other'],
];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const RESOURCE_SKU_PROPERTIES = v1Spec.components.schemas.ResourceSKU.properties;

async function allLineItems(org: string, planId: string, key: string): Promise<Json[]> {
  const items: Json[] = [];
  for (let page = 1; ; page++) {
    const r = await call<Json[]>(sim.url, `${plans(org)}/${planId}/line-items`, {
      key,
      query: { page, page_size: 100 },
    });
    items.push(...r.body);
    if (r.body.length < 100) return items;
  }
}

async function everyPlan(): Promise<{ org: string; key: string; plan: Json }[]> {
  const out: { org: string; key: string; plan: Json }[] = [];
  for (const [org, key] of ORGS) {
    for (const provider of ['aws', 'azure', 'gcp']) {
      const r = await call<Json[]>(sim.url, `${plans(org)}/default`, { key, query: { provider } });
      out.push(...r.body.map((plan) => ({ org, key, plan })));
    }
  }
  for (const f of [FIXTURES.fewItemsPlan, FIXTURES.emptyPlan, FIXTURES.completedPlan]) {
    out.push({
      org: f.orgId,
      key: 'demo',
      plan: (await call<Json>(sim.url, `${plans(f.orgId)}/${f.planId}`)).body,
    });
  }
  return out;
}

describe('plans and line items', () => {
  it("has plan hourly fields equal to the sums of the line items'", async () => {
    const all = await everyPlan();
    expect(all.length).toBeGreaterThan(20);
    for (const { org, key, plan } of all) {
      const items = await allLineItems(org, plan.id, key);
      const sum = (f: string): number => items.reduce((s, li) => s + micros(li[f]), 0);
      expect({
        plan: plan.name,
        covered: micros(plan.covered_ondemand_cost_hourly),
        savings: micros(plan.savings_hourly),
      }).toEqual({
        plan: plan.name,
        covered: sum('covered_ondemand_cost'),
        savings: sum('savings'),
      });
      expect(micros(plan.before_ondemand_cost_hourly)).toBe(sum('before_ondemand_cost'));
      expect(micros(plan.before_reserved_cost_hourly)).toBe(sum('before_reserved_cost'));
      expect(micros(plan.before_cost_hourly)).toBe(sum('before_cost'));
      expect(micros(plan.amortized_cost_hourly)).toBe(sum('after_amortized_cost'));
      expect(micros(plan.recurring_cost_hourly)).toBe(sum('recurring_cost'));
      expect(micros(plan.fee_hourly)).toBe(sum('fee'));
      expect(micros(plan.upfront_cost_hourly)).toBe(
        micros(plan.amortized_cost_hourly) - micros(plan.recurring_cost_hourly),
      );
      expect(micros(plan.monthly_savings)).toBe(micros(plan.savings_hourly) * 730);
      expect(micros(plan.monthly_savings)).toBe(sum('monthly_savings'));
      expect(micros(plan.total_savings)).toBe(sum('total_savings'));
      expect(micros(plan.total_monthly_before_cost)).toBe(micros(plan.before_cost_hourly) * 730);
      expect(micros(plan.before_cost_hourly) - micros(plan.after_cost_hourly)).toBe(
        micros(plan.savings_hourly),
      );
      expect(plan.commitment_coverage).toBeGreaterThanOrEqual(0);
      expect(plan.commitment_coverage).toBeLessThanOrEqual(1);
    }
  });

  it('has line items whose monthly = hourly x 730 and total = monthly x term months', async () => {
    const items = await allLineItems(DEMO, FIXTURES.largePlan.planId, 'demo');
    expect(new Set(items.map((li) => li.contract_term)).size).toBeGreaterThan(1);
    for (const li of items) {
      const months = TERM_MONTHS[li.contract_term as string] ?? NaN;
      expect(micros(li.monthly_cost)).toBe(micros(li.after_amortized_cost) * 730);
      expect(micros(li.total_cost)).toBe(micros(li.monthly_cost) * months);
      expect(micros(li.monthly_savings)).toBe(micros(li.savings) * 730);
      expect(micros(li.total_savings)).toBe(micros(li.monthly_savings) * months);
      expect(micros(li.savings)).toBe(
        micros(li.covered_ondemand_cost) - micros(li.after_amortized_cost) - micros(li.fee),
      );
      // upfront_cost is a total for the term, not an hourly rate.
      expect(micros(li.upfront_cost)).toBe(
        (micros(li.after_amortized_cost) - micros(li.recurring_cost)) * months * 730,
      );
      expect(li.discount_rate).toBeGreaterThan(0);
      expect(li.discount_rate).toBeLessThan(1);
      expect(li.offer.id).toBe(li.offer_id);
      expect(li.plan_id).toBe(FIXTURES.largePlan.planId);
    }
  });

  it("has resource matches that add up to their line items over the plan's usage window", async () => {
    const { orgId, planId, usageWindow } = FIXTURES.fewItemsPlan;
    const items = await allLineItems(orgId, planId, 'demo');
    for (const li of items) {
      const r = await call<Json[]>(sim.url, `${plans(orgId)}/${planId}/resource-matches`, {
        query: { ...usageWindow, line_item_ids: [li.id as string], page_size: 100 },
      });
      expect(r.body.length).toBeGreaterThan(0);
      const sum = (f: string): number => r.body.reduce((s, m) => s + micros(m[f]), 0);
      expect(sum('covered_ondemand_cost')).toBe(micros(li.covered_ondemand_cost));
      expect(sum('before_ondemand_cost')).toBe(micros(li.before_ondemand_cost));
      expect(sum('before_reserved_cost')).toBe(micros(li.before_reserved_cost));
      expect(sum('before_cost')).toBe(micros(li.before_cost));
      expect(sum('after_covered_units')).toBe(micros(li.after_covered_units));
      expect(sum('average_savings')).toBe(micros(li.covered_ondemand_cost) - micros(li.after_amortized_cost));
    }
  });

  it.each([
    ['the usage window', FIXTURES.fewItemsPlan.usageWindow],
    ['September', { start_date: '2026-09-01', end_date: '2026-09-30' }],
    ['November so far', { start_date: '2026-11-01', end_date: '2026-11-26' }],
    ['one day', { start_date: '2026-10-14', end_date: '2026-10-14' }],
  ])(
    'has resource matches for %s that agree with their line items and carry full resources',
    async (_, period) => {
      const { orgId, planId } = FIXTURES.fewItemsPlan;
      const items = await allLineItems(orgId, planId, 'demo');
      for (const li of items) {
        const r = await call<Json[]>(sim.url, `${plans(orgId)}/${planId}/resource-matches`, {
          query: { ...period, line_item_ids: [li.id as string], page_size: 100 },
        });
        expect(r.body.length).toBeGreaterThan(0);
        const sum = (f: string): number => r.body.reduce((s, m) => s + micros(m[f]), 0);
        // The commitment is paid whatever the usage; it covers at most what the line item buys.
        expect(sum('after_reserved_cost') - sum('before_reserved_cost')).toBe(
          micros(li.after_amortized_cost),
        );
        expect(sum('covered_ondemand_cost')).toBeLessThanOrEqual(micros(li.covered_ondemand_cost));
        for (const m of r.body) {
          expect(m.coverage).toBeGreaterThanOrEqual(0);
          expect(m.coverage).toBeLessThanOrEqual(1);
          expect(micros(m.total_units)).toBe(micros(m.after_covered_units) + micros(m.after_uncovered_units));
          expect(m.after_uncovered_units).toBeLessThanOrEqual(m.before_uncovered_units);
          expect(micros(m.before_cost)).toBe(micros(m.before_ondemand_cost) + micros(m.before_reserved_cost));
          expect(micros(m.after_cost)).toBe(micros(m.after_ondemand_cost) + micros(m.after_reserved_cost));
          expect(micros(m.before_ondemand_cost)).toBe(
            micros(m.after_ondemand_cost) + micros(m.covered_ondemand_cost),
          );
          expect(micros(m.monthly_before_cost)).toBe(micros(m.before_cost) * 730);
          expect(micros(m.monthly_after_cost)).toBe(micros(m.after_cost) * 730);
          expect(micros(m.monthly_after_reserved_cost)).toBe(micros(m.after_reserved_cost) * 730);
          expect(micros(m.monthly_after_ondemand_cost)).toBe(micros(m.after_ondemand_cost) * 730);
          expect(micros(m.average_savings)).toBe(micros(m.before_cost) - micros(m.after_cost));
          expect(micros(m.average_monthly_savings)).toBe(micros(m.average_savings) * 730);
          expect(m.resource).toMatchObject({
            provider: 'aws',
            resource_id: expect.any(String),
            provider_resource_id: expect.stringMatching(/^arn:aws:/),
          });
          // The resource ran in the period.
          expect(m.resource.usage_start <= period.end_date && m.resource.usage_end >= period.start_date).toBe(
            true,
          );
          // Every field of the schema, not just the required ones.
          expect(Object.keys(m.resource).sort()).toEqual(Object.keys(RESOURCE_SKU_PROPERTIES).sort());
        }
      }
    },
  );
});

describe('partner plans', () => {
  it('mirror the default v1 plans of the org', async () => {
    const v2 = (await call<Json[]>(sim.url, `${partner(CHILD)}/default`)).body;
    const v1 = (await call<Json[]>(sim.url, `${plans(CHILD)}/default`, { query: { provider: 'aws' } })).body;
    expect(v2.map((p) => p.name)).toEqual(v1.map((p) => p.name));
    for (const [i, p] of v2.entries()) {
      expect(p.id).toMatch(/^plan_[0-9a-f]{16}$/);
      expect(micros(p.monthly_cost)).toBe(micros(v1[i]!.amortized_cost_hourly) * 730);
      expect(p.projected_monthly_savings).toBe(v1[i]!.monthly_savings);
      expect(p.risk.guaranteed_share).toBeGreaterThanOrEqual(0);
      expect(p.risk.guaranteed_share).toBeLessThanOrEqual(1);
      expect(p.configuration.line_item_count).toBeGreaterThan(0);
    }
    expect(FIXTURES.partnerPlans[CHILD]).toEqual(v2.map((p) => p.id));
  });
});

describe('commitments', () => {
  it('have utilization in 0..1, some below 0.5, and net = gross - premiums + rebate', async () => {
    const r = await call<Json[]>(sim.url, commitments(DEMO), {
      query: { provider: 'aws', only_active: false, page_size: 10000 },
    });
    expect(r.body).toHaveLength(FIXTURES.commitmentCounts[DEMO].aws.total);
    const utils = r.body.map((c) => c.utilization).filter((u) => u !== null) as number[];
    expect(utils.every((u) => u >= 0 && u <= 1)).toBe(true);
    expect(utils.some((u) => u < 0.5)).toBe(true);
    expect(r.body.some((c) => c.guarantee_method === 'rebate')).toBe(true);
    expect(r.body.some((c) => c.guarantee_method === 'release')).toBe(true);
    for (const c of r.body) {
      expect(cents(c.monthly_net_savings)).toBe(
        cents(c.monthly_gross_savings) - cents(c.monthly_premiums) + cents(c.monthly_estimated_rebate),
      );
      expect(c.is_active).toBe(c.status === 'active');
      if (!c.is_archera_guaranteed) expect(c.guarantee_method).toBeNull();
      if (c.payment_option === 'no_upfront') expect(c.commitment_upfront_cost).toBe(0);
    }
  });

  it('have a summary that agrees with the active inventory', async () => {
    for (const provider of ['aws', 'azure', 'gcp']) {
      const summary = (await call<Json>(sim.url, `${commitments(DEMO)}/summary`, { query: { provider } }))
        .body;
      const active = (
        await call<Json[]>(sim.url, commitments(DEMO), { query: { provider, page_size: 10000 } })
      ).body;
      expect(summary.total_active_commitments).toBe(active.length);
      expect(summary.total_guaranteed_commitments).toBe(active.filter((c) => c.is_archera_guaranteed).length);
      expect(summary.total_native_commitments).toBe(active.length - summary.total_guaranteed_commitments);
      for (const f of [
        'monthly_commitment_cost',
        'monthly_net_savings',
        'monthly_gross_savings',
        'monthly_premiums',
        'monthly_estimated_rebate',
      ]) {
        expect(cents(summary[f])).toBe(active.reduce((s, c) => s + cents(c[f]), 0));
      }
      expect(cents(summary.total_upfront_cost)).toBe(
        active.reduce((s, c) => s + cents(c.commitment_upfront_cost), 0),
      );
      const weighted =
        active.reduce((s, c) => s + c.utilization * c.monthly_commitment_cost, 0) /
        summary.monthly_commitment_cost;
      expect(summary.average_utilization).toBeCloseTo(weighted, 3);
      const asOf = Date.parse(`${FIXTURES.asOf}T00:00:00Z`);
      const within = (days: number) =>
        active.filter((c) => Date.parse(c.end_date) <= asOf + days * 86_400_000).length;
      expect(summary.expiring_30_days).toBe(within(30));
      expect(summary.expiring_90_days).toBe(within(90));
      expect(summary.expiring_30_days).toBeGreaterThan(0);
      expect(summary.by_term.reduce((s: number, t: Json) => s + t.count, 0)).toBe(active.length);
      expect(summary.by_type.reduce((s: number, t: Json) => s + t.count, 0)).toBe(active.length);
    }
  });

  it('have metrics with one point per day, totals = sums of the days, clamped to the data', async () => {
    const r = await call<Json>(sim.url, `${commitments(DEMO)}/metrics`, {
      query: { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-01' },
    });
    expect(r.body.daily).toHaveLength(31);
    expect(r.body.daily[0].date).toBe('2026-10-01');
    expect(r.body.daily[30].date).toBe('2026-10-31');
    for (const f of [
      'net_savings',
      'gross_savings',
      'premiums',
      'estimated_rebate',
      'commitment_cost',
      'ondemand_equivalent_cost',
      'underutilized_commitment_cost',
    ]) {
      expect(cents(r.body.totals[f])).toBe(r.body.daily.reduce((s: number, d: Json) => s + cents(d[f]), 0));
    }
    for (const d of r.body.daily) {
      expect(d.utilization).toBeGreaterThan(0);
      expect(d.utilization).toBeLessThanOrEqual(1);
      expect(cents(d.net_savings)).toBe(
        cents(d.gross_savings) - cents(d.premiums) + cents(d.estimated_rebate),
      );
    }
    expect(r.body.utilization).toBe(r.body.totals.utilization);

    // A range running past the data ends at AS_OF (exclusive); one before the data starts at its start.
    const late = await call<Json>(sim.url, `${commitments(DEMO)}/metrics`, {
      query: { provider: 'aws', start_date: '2026-11-20', end_date: '2027-01-01' },
    });
    expect(late.body).toMatchObject({ period_start: '2026-11-20', period_end: FIXTURES.asOf });
    expect(late.body.daily).toHaveLength(7);
    const early = await call<Json>(sim.url, `${commitments(DEMO)}/metrics`, {
      query: { provider: 'aws', start_date: '2020-01-01', end_date: '2020-02-01' },
    });
    expect(early.body.daily).toEqual([]);
    expect(early.body.totals.commitment_cost).toBe(0);
  });

  it('have details with daily utilization and an attribution that adds up', async () => {
    const id = FIXTURES.commitment.commitmentId;
    const one = (await call<Json>(sim.url, `${commitments(DEMO)}/${id}`)).body;
    expect(one).toMatchObject({ id, period_start: FIXTURES.lastDataDay, period_end: FIXTURES.asOf });
    expect(one.daily_utilization).toHaveLength(1);
    const week = (
      await call<Json>(sim.url, `${commitments(DEMO)}/${id}`, {
        query: { start_date: '2026-11-19', end_date: '2026-11-26' },
      })
    ).body;
    expect(week.daily_utilization).toHaveLength(7);
    const used = week.daily_utilization.reduce((s: number, d: Json) => s + cents(d.used_cost), 0);
    const unused = week.daily_utilization.reduce((s: number, d: Json) => s + cents(d.unused_cost), 0);
    expect(cents(week.attribution.total_covered_cost)).toBe(used);
    expect(cents(week.attribution.unattributed_cost)).toBe(unused);
    expect(week.attribution.resources.reduce((s: number, r: Json) => s + cents(r.covered_cost), 0)).toBe(
      used,
    );
    expect(week.attribution.resources.reduce((s: number, r: Json) => s + r.share, 0)).toBeCloseTo(1, 3);
    expect(week.utilization).toBeCloseTo(used / (used + unused), 4);
  });

  it('have a comparison whose rollups are sums of the per-commitment options', async () => {
    const r = (await call<Json>(sim.url, `${commitments(DEMO)}/comparison`, { query: { provider: 'aws' } }))
      .body;
    const active = FIXTURES.commitmentCounts[DEMO].aws.active;
    expect(r.data.length + r.skipped_commitments.length).toBe(active);
    expect(r.skipped_commitments).toContainEqual({
      commitment_id: FIXTURES.noRecentUsageCommitment.commitmentId,
      reason: 'no recent SKU usage',
    });
    const current = r.data.reduce(
      (s: number, e: Json) => s + cents(e.current.commitment_financials_monthly_rate.commitment_cost),
      0,
    );
    expect(cents(r.current_totals.commitment_cost)).toBe(current);
    expect(r.low_utilization_commitment_count).toBe(r.data.filter((e: Json) => e.utilization_warning).length);
    expect(r.low_utilization_commitment_count).toBeGreaterThan(0);
    for (const h of r.hypothetical_totals) {
      expect(h.resolutions).toHaveLength(r.data.length);
      expect(cents(h.delta_vs_current.commitment_cost)).toBe(
        cents(h.totals.commitment_cost) - cents(r.current_totals.commitment_cost),
      );
    }
    const threeYear = r.hypothetical_totals.find(
      (h: Json) => h.contract_term === 'three_year' && h.payment_option === 'all_upfront',
    );
    expect(threeYear.delta_vs_current.commitment_savings.net).toBeGreaterThan(0);

    // One commitment; upfront candidates filtered out; unknown and inactive ids reported, not dropped.
    const single = (
      await call<Json>(sim.url, `${commitments(DEMO)}/comparison`, {
        query: {
          provider: 'aws',
          commitment_ids: [
            FIXTURES.commitment.commitmentId,
            FIXTURES.expiredCommitment.commitmentId,
            '00000000-0000-4000-8000-000000000000',
          ],
          payment_options: ['no_upfront'],
        },
      })
    ).body;
    expect(single.data.map((e: Json) => e.commitment_id)).toEqual([FIXTURES.commitment.commitmentId]);
    expect(single.data[0].candidates.every((c: Json) => c.payment_option === 'no_upfront')).toBe(true);
    expect(single.skipped_commitments.map((s: Json) => s.reason)).toEqual([
      'commitment is not active',
      'commitment not found',
    ]);
  });

  it('offer attribute values derived from the inventory', async () => {
    const types = (
      await call<string[]>(sim.url, `${commitments(DEMO)}/attributes/type`, { query: { provider: 'aws' } })
    ).body;
    expect([...types].sort()).toEqual(['Compute', 'EC2', 'EC2Instance', 'ElastiCache', 'RDS']);
    const regions = (
      await call<string[]>(sim.url, `${commitments(DEMO)}/attributes/region`, {
        query: { provider: 'azure' },
      })
    ).body;
    expect(regions).toContain('eastus');
    const guaranteed = (
      await call<boolean[]>(sim.url, `${commitments(DEMO)}/attributes/is_archera_guaranteed`, {
        query: { provider: 'aws' },
      })
    ).body;
    expect([...guaranteed].sort()).toEqual([false, true]);
    const none = await call(sim.url, `${commitments(DEMO)}/attributes/colour`, {
      query: { provider: 'aws' },
    });
    expect(none.status).toBe(404);
    const listed = (await call<Json[]>(sim.url, `${commitments(DEMO)}/attributes`)).body.map((a) => a.field);
    expect(listed).toEqual(
      expect.arrayContaining(['type', 'region', 'instance_type', 'contract_term', 'is_archera_guaranteed']),
    );
  });
});
