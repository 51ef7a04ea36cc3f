/**
 * Resource matches for a requested period. A match shows how a line item's commitment would cover one
 * resource, from that resource's usage in the period: average units per hour, existing reservations
 * first, then the line item's commitment, the rest on demand. The commitment is paid whatever the usage.
 *
 * Each resource's daily usage wobbles around a slow trend and dips at weekends, and averages exactly its
 * plan's figures over the plan's usage window, so that:
 * - for the usage window (the 30 days before the plan's created_at day), every match is exactly as the
 *   plan calculated it and a line item's matches add up to the line item;
 * - for any period, a line item's matches add up to its commitment cost (sum of after_reserved_cost -
 *   before_reserved_cost = after_amortized_cost) and cover at most what it buys (sum of
 *   covered_ondemand_cost <= its covered_ondemand_cost);
 * - days before a resource started count as no usage; days without usage data (from AS_OF on) do not count.
 *
 * Units are kept in ten-thousandths and money in micro-dollars, both integers.
 */
import type { ResourceMatch } from '../../upstream/types';
import { AS_OF_DAY, DATA_START_DAY } from './calendar';
import { fromMicros, HOURS_PER_MONTH, ratio } from './money';
import type { MatchRecord, PlanRecord } from './plans';
import { noise } from './prng';

const UNIT = 10_000;
/** Day-to-day wobble of a resource's usage (share of its usual level, peak to peak). */
const WOBBLE = 0.3;
/** Weekend dip (day 0, 1970-01-01, was a Thursday: weekdays 2 and 3 are Saturday and Sunday). */
const WEEKEND_DIP = 0.08;

/** A resource's usage level on a day, before centring on the usage window (share of the usual level). */
function rawLevel(m: MatchRecord, trendPerMonth: number, mid: number, day: number): number {
  const weekday = ((day % 7) + 7) % 7;
  const weekend = weekday === 2 || weekday === 3 ? -WEEKEND_DIP : 0;
  return (noise(m.seed, day) - 0.5) * WOBBLE + weekend + (trendPerMonth * (day - mid)) / 30;
}

/**
 * Average usage over [startDay, endDay) (exclusive end) relative to the plan's usage window: exactly 1 for
 * the window itself.
 */
export function usageFactor(
  m: MatchRecord,
  window: PlanRecord['usageWindow'],
  startDay: number,
  endDay: number,
): number {
  const s = Math.max(startDay, DATA_START_DAY);
  const e = Math.min(endDay, AS_OF_DAY);
  if (e <= s) return 0;
  // Between -2% and +3% a month: most workloads grow a little.
  const trend = (noise(m.seed, -1) - 0.4) * 0.05;
  const mid = (window.startDay + window.endDay - 1) / 2;
  let windowSum = 0;
  for (let day = window.startDay; day < window.endDay; day++) windowSum += rawLevel(m, trend, mid, day);
  const centre = windowSum / (window.endDay - window.startDay);
  let sum = 0;
  for (let day = Math.max(s, m.firstDay); day < Math.min(e, m.lastDay + 1); day++) {
    sum += Math.max(0, 1 + rawLevel(m, trend, mid, day) - centre);
  }
  return sum / (e - s);
}

/** Micro-dollars for a number of ten-thousandth units at a unit price. */
function cost(unitsQ: number, priceMicros: number): number {
  return Math.round((unitsQ * priceMicros) / UNIT);
}

/** The match for a period whose average usage is `factor` times the usage window's. */
export function matchForFactor(m: MatchRecord, factor: number): ResourceMatch {
  const b = m.basis;
  const total = Math.round((b.onDemand + b.reserved) * factor * UNIT);
  const reserved = Math.min(b.reserved * UNIT, total);
  const onDemand = total - reserved;
  const covered = Math.min(b.committed * UNIT, onDemand);
  const beforeOd = cost(onDemand, b.ondemandPrice);
  const coveredOd = cost(covered, b.ondemandPrice);
  const afterOd = beforeOd - coveredOd;
  const beforeRes = cost(reserved, b.reservedPrice);
  const afterRes = beforeRes + b.committed * b.commitmentPrice;
  const before = beforeOd + beforeRes;
  const after = afterOd + afterRes;
  return {
    id: m.match.id,
    total_units: total / UNIT,
    before_uncovered_units: onDemand / UNIT,
    after_covered_units: (reserved + covered) / UNIT,
    after_uncovered_units: (onDemand - covered) / UNIT,
    ondemand_price: fromMicros(b.ondemandPrice),
    if_all_ondemand_cost: fromMicros(cost(total, b.ondemandPrice)),
    before_ondemand_cost: fromMicros(beforeOd),
    after_ondemand_cost: fromMicros(afterOd),
    covered_ondemand_cost: fromMicros(coveredOd),
    before_reserved_cost: fromMicros(beforeRes),
    after_reserved_cost: fromMicros(afterRes),
    before_cost: fromMicros(before),
    after_cost: fromMicros(after),
    monthly_before_cost: fromMicros(before * HOURS_PER_MONTH),
    monthly_after_cost: fromMicros(after * HOURS_PER_MONTH),
    monthly_after_reserved_cost: fromMicros(afterRes * HOURS_PER_MONTH),
    monthly_after_ondemand_cost: fromMicros(afterOd * HOURS_PER_MONTH),
    average_savings: fromMicros(before - after),
    average_monthly_savings: fromMicros((before - after) * HOURS_PER_MONTH),
    usage_type: m.match.usage_type,
    coverage: ratio(reserved + covered, total),
    resource: m.match.resource,
  };
}

/**
 * The plan's resource matches (those `keep` accepts) for the days startDay..endDay (inclusive day
 * numbers, as the API's start_date and end_date): resources with no usage in the period are left out.
 */
export function matchesForPeriod(
  record: PlanRecord,
  startDay: number,
  endDay: number,
  keep: (m: MatchRecord) => boolean = () => true,
): MatchRecord[] {
  return record
    .resourceMatches()
    .filter((m) => m.firstDay <= endDay && m.lastDay >= startDay && keep(m))
    .map((m) => ({
      ...m,
      match: matchForFactor(m, usageFactor(m, record.usageWindow, startDay, endDay + 1)),
    }));
}
