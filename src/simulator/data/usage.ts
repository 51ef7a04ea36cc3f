/**
 * Daily usage of a commitment, computed on demand from a seed (two years of days for hundreds of
 * commitments would be a lot to store). All amounts are integer cents so that totals equal sums of days.
 */
import { AS_OF_DAY } from './calendar';
import { clamp01 } from './money';
import { noise } from './prng';

export interface UsageProfile {
  seed: number;
  /** Typical utilization (0-1). */
  utilBase: number;
  /** No usage in the last week: comparison skips it ('no recent SKU usage'). */
  noRecentUsage: boolean;
  /** Days with usage: [firstDay, endDay) as day numbers. */
  firstDay: number;
  endDay: number;
  /** Amortized commitment cost, micro-dollars per hour. */
  hourlyMicros: number;
  /** Discount vs on-demand (0-1). */
  discount: number;
  /** Archera premium as a share of the commitment cost (guaranteed commitments only). */
  premiumRate: number;
  /** Archera rebates the unused cost (guarantee_method 'rebate'). */
  rebate: boolean;
}

/** The most recent fully recorded day. */
export const LAST_DATA_DAY = AS_OF_DAY - 1;

export function activeOn(u: UsageProfile, day: number): boolean {
  return u.firstDay <= day && day < u.endDay;
}

/** Utilization (0-1, 4 decimals) on a day: the base, a daily wobble and a weekend dip. */
export function utilizationOn(u: UsageProfile, day: number): number {
  if (u.noRecentUsage && day >= AS_OF_DAY - 7) return 0;
  const wobble = (noise(u.seed, day) - 0.5) * 0.1;
  const weekday = ((day % 7) + 7) % 7; // day 0 (1970-01-01) was a Thursday
  const weekend = weekday === 2 || weekday === 3 ? -0.03 : 0;
  return Math.round(clamp01(u.utilBase + wobble + weekend) * 10_000) / 10_000;
}

export interface CentsValues {
  cost: number;
  used: number;
  unused: number;
  ondemand: number;
  gross: number;
  premium: number;
  rebate: number;
  net: number;
}

export function dailyCostCents(u: UsageProfile): number {
  return Math.round((u.hourlyMicros * 24) / 10_000);
}

export function monthlyCostCents(u: UsageProfile): number {
  return Math.round((u.hourlyMicros * 730) / 10_000);
}

/**
 * Savings for a period whose commitment cost is `cost` cents at utilization `util`:
 * gross = on-demand value of the used part - cost; net = gross - premium + rebate.
 */
export function valuesFor(u: UsageProfile, cost: number, util: number): CentsValues {
  const used = Math.round(cost * util);
  const unused = cost - used;
  const ondemand = Math.round(used / (1 - u.discount));
  const gross = ondemand - cost;
  const premium = Math.round(cost * u.premiumRate);
  const rebate = u.rebate ? unused : 0;
  return { cost, used, unused, ondemand, gross, premium, rebate, net: gross - premium + rebate };
}

export function zeroValues(): CentsValues {
  return { cost: 0, used: 0, unused: 0, ondemand: 0, gross: 0, premium: 0, rebate: 0, net: 0 };
}

export function addValues(into: CentsValues, v: CentsValues): void {
  into.cost += v.cost;
  into.used += v.used;
  into.unused += v.unused;
  into.ondemand += v.ondemand;
  into.gross += v.gross;
  into.premium += v.premium;
  into.rebate += v.rebate;
  into.net += v.net;
}

/** Salt of the coverage-gap noise: a stream of its own, so utilization is not correlated with it. */
const GAP_SEED = 0x6a09e667;

/**
 * Coverage: the eligible usage in a commitment's scope that it did not cover, paid at on-demand rates
 * (cents), on a day when it covered `covered` cents of on-demand-equivalent usage at utilization `util`.
 * The uncovered share of the scope's eligible spend is a per-commitment gap (2-35%) scaled by how fully the
 * commitment is used (an idle commitment leaves little uncovered that it could have taken), with a daily
 * wobble; it is derived from the seed alone, so no other generated value moves.
 */
export function uncoveredCents(u: UsageProfile, day: number, util: number, covered: number): number {
  if (covered <= 0) return 0;
  const gap = 0.02 + 0.33 * noise(u.seed ^ GAP_SEED, -1);
  const wobble = (noise(u.seed ^ GAP_SEED, day) - 0.5) * 0.04;
  const share = Math.round(Math.min(0.9, Math.max(0, gap * util + wobble)) * 10_000) / 10_000;
  return Math.round((covered * share) / (1 - share));
}
