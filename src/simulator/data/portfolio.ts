/**
 * Portfolio views over the inventory: summary (active commitments, as of the last data day), metrics
 * (one point per day, totals = sums of days), coverage (the same days, covered vs uncovered eligible
 * spend), details (daily utilization and attribution) and the comparison of offer alternatives. Everything
 * is summed in integer cents.
 */
import type {
  AttributedResource,
  BreakdownByTerm,
  BreakdownByType,
  CommitmentCoverage,
  CommitmentDetails,
  CommitmentMetrics,
  CommitmentSummary,
  DailyCoverage,
  DailyMetrics,
  DailyUtilization,
  MetricsValues,
} from '../../upstream/types';
import { AS_OF_DAY, DATA_START_DAY, isoDate } from './calendar';
import type { CommitmentRecord } from './commitments';
import { expiresWithinDays } from './commitments';
import { fromCents, ratio } from './money';
import {
  activeOn,
  addValues,
  type CentsValues,
  dailyCostCents,
  LAST_DATA_DAY,
  monthlyCostCents,
  uncoveredCents,
  utilizationOn,
  valuesFor,
  zeroValues,
} from './usage';

/** Current monthly-rate values of an active commitment (as of the last data day). */
export function monthlyValues(r: CommitmentRecord): CentsValues {
  return valuesFor(r.usage, monthlyCostCents(r.usage), utilizationOn(r.usage, LAST_DATA_DAY));
}

export function summarize(active: readonly CommitmentRecord[]): CommitmentSummary {
  const total = zeroValues();
  let upfront = 0;
  const byTerm = new Map<string | null, { count: number; cost: number; net: number }>();
  const byType = new Map<string, { count: number; cost: number; net: number }>();
  for (const r of active) {
    const v = monthlyValues(r);
    addValues(total, v);
    upfront += Math.round((r.commitment.commitment_upfront_cost ?? 0) * 100);
    const t = byTerm.get(r.term) ?? { count: 0, cost: 0, net: 0 };
    byTerm.set(r.term, { count: t.count + 1, cost: t.cost + v.cost, net: t.net + v.net });
    const k = r.commitment.type ?? 'Unknown';
    const y = byType.get(k) ?? { count: 0, cost: 0, net: 0 };
    byType.set(k, { count: y.count + 1, cost: y.cost + v.cost, net: y.net + v.net });
  }
  const guaranteed = active.filter((r) => r.commitment.is_archera_guaranteed).length;
  return {
    total_active_commitments: active.length,
    total_guaranteed_commitments: guaranteed,
    total_native_commitments: active.length - guaranteed,
    average_utilization: ratio(total.used, total.cost),
    expiring_30_days: active.filter((r) => expiresWithinDays(r.commitment, 30)).length,
    expiring_90_days: active.filter((r) => expiresWithinDays(r.commitment, 90)).length,
    as_of_date: isoDate(LAST_DATA_DAY),
    monthly_commitment_cost: fromCents(total.cost),
    monthly_net_savings: fromCents(total.net),
    monthly_gross_savings: fromCents(total.gross),
    monthly_premiums: fromCents(total.premium),
    monthly_estimated_rebate: fromCents(total.rebate),
    total_upfront_cost: fromCents(upfront),
    by_term: [...byTerm]
      .sort(([a], [b]) => String(a).localeCompare(String(b)))
      .map(([term, t]): BreakdownByTerm => ({
        contract_term: term as BreakdownByTerm['contract_term'],
        count: t.count,
        monthly_commitment_cost: fromCents(t.cost),
        monthly_net_savings: fromCents(t.net),
      })),
    by_type: [...byType]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, t]): BreakdownByType => ({
        type,
        count: t.count,
        monthly_commitment_cost: fromCents(t.cost),
        monthly_net_savings: fromCents(t.net),
      })),
  };
}

/** [start, end) clamped to the usage data, as day numbers; empty ranges collapse to start. */
export function clampPeriod(
  startDay: number,
  endDay: number,
  lo = DATA_START_DAY,
  hi = AS_OF_DAY,
): [number, number] {
  const s = Math.max(startDay, lo);
  const e = Math.min(endDay, hi);
  return e < s ? [s, s] : [s, e];
}

function metricsValues(v: CentsValues): MetricsValues {
  return {
    net_savings: fromCents(v.net),
    gross_savings: fromCents(v.gross),
    premiums: fromCents(v.premium),
    estimated_rebate: fromCents(v.rebate),
    commitment_cost: fromCents(v.cost),
    ondemand_equivalent_cost: fromCents(v.ondemand),
    utilization: ratio(v.used, v.cost),
    underutilized_commitment_cost: fromCents(v.unused),
  };
}

export function metrics(
  records: readonly CommitmentRecord[],
  startDay: number,
  endDay: number,
): CommitmentMetrics {
  const [s, e] = clampPeriod(startDay, endDay);
  const inRange = records.filter((r) => r.usage.firstDay < e && r.usage.endDay > s);
  const total = zeroValues();
  const daily: DailyMetrics[] = [];
  for (let day = s; day < e; day++) {
    const v = zeroValues();
    for (const r of inRange) {
      if (activeOn(r.usage, day))
        addValues(v, valuesFor(r.usage, dailyCostCents(r.usage), utilizationOn(r.usage, day)));
    }
    addValues(total, v);
    daily.push({ date: isoDate(day), ...metricsValues(v) });
  }
  const totals = metricsValues(total);
  return {
    period_start: isoDate(s),
    period_end: isoDate(e),
    utilization: totals.utilization,
    underutilized_commitment_cost: totals.underutilized_commitment_cost,
    totals,
    daily,
  };
}

/**
 * Coverage of eligible usage per day over [startDay, endDay) clamped to the data: covered = the
 * on-demand equivalent of what the commitments used (metrics' ondemand_equivalent_cost, to the cent),
 * uncovered = the eligible on-demand spend in their scope they did not cover (usage.ts uncoveredCents);
 * coverage = covered / (covered + uncovered), of each day and of the period's sums.
 */
export function coverage(
  records: readonly CommitmentRecord[],
  startDay: number,
  endDay: number,
): CommitmentCoverage {
  const [s, e] = clampPeriod(startDay, endDay);
  const inRange = records.filter((r) => r.usage.firstDay < e && r.usage.endDay > s);
  let covered = 0;
  let uncovered = 0;
  const daily: DailyCoverage[] = [];
  for (let day = s; day < e; day++) {
    let c = 0;
    let u = 0;
    for (const r of inRange) {
      if (!activeOn(r.usage, day)) continue;
      const util = utilizationOn(r.usage, day);
      const v = valuesFor(r.usage, dailyCostCents(r.usage), util);
      c += v.ondemand;
      u += uncoveredCents(r.usage, day, util, v.ondemand);
    }
    covered += c;
    uncovered += u;
    daily.push({
      date: isoDate(day),
      coverage: ratio(c, c + u),
      covered_ondemand_cost: fromCents(c),
      uncovered_ondemand_cost: fromCents(u),
    });
  }
  return {
    period_start: isoDate(s),
    period_end: isoDate(e),
    coverage: ratio(covered, covered + uncovered),
    covered_ondemand_cost: fromCents(covered),
    uncovered_ondemand_cost: fromCents(uncovered),
    daily,
  };
}

export function details(r: CommitmentRecord, startDay: number, endDay: number): CommitmentDetails {
  const [s, e] = clampPeriod(
    startDay,
    endDay,
    Math.max(DATA_START_DAY, r.usage.firstDay),
    Math.min(AS_OF_DAY, r.usage.endDay),
  );
  const cost = dailyCostCents(r.usage);
  const daily: DailyUtilization[] = [];
  let used = 0;
  let unused = 0;
  let utilHours = 0;
  for (let day = s; day < e; day++) {
    const util = utilizationOn(r.usage, day);
    const v = valuesFor(r.usage, cost, util);
    used += v.used;
    unused += v.unused;
    utilHours += util * 24;
    daily.push({
      date: isoDate(day),
      utilization: util,
      used_cost: fromCents(v.used),
      unused_cost: fromCents(v.unused),
    });
  }
  const covered = r.resources();
  const weight = covered.reduce((sum, c) => sum + c.weight, 0);
  // Integer split of the covered cost; the largest resource takes the rounding remainder.
  const cents = covered.map((c) => Math.floor((used * c.weight) / weight));
  if (cents.length > 0) cents[0] = (cents[0] ?? 0) + used - cents.reduce((a, b) => a + b, 0);
  const resources: AttributedResource[] = covered.map((c, i) => ({
    ...c.resource,
    covered_cost: fromCents(cents[i] ?? 0),
    covered_hours: Math.round(utilHours * r.instanceCount * (c.weight / weight) * 100) / 100,
    share: ratio(c.weight, weight),
  }));
  return {
    ...r.commitment,
    utilization: e > s ? ratio(used, used + unused) : (r.commitment.utilization ?? null),
    period_start: isoDate(s),
    period_end: isoDate(e),
    daily_utilization: daily,
    attribution: { total_covered_cost: fromCents(used), unattributed_cost: fromCents(unused), resources },
  };
}
