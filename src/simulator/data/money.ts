/**
 * Money is computed in integers (micro-dollars for v1 plan prices, cents for the beta inventory) and
 * converted at the edge, so that sums over line items or days equal the totals exactly.
 */
export const HOURS_PER_MONTH = 730;

/** Micro-dollars to dollars. */
export function fromMicros(micros: number): number {
  return micros / 1_000_000;
}

/** Cents to dollars. */
export function fromCents(cents: number): number {
  return cents / 100;
}

/** A ratio rounded to 4 decimals (utilization, coverage, discount). */
export function ratio(numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  return Math.round((numerator / denominator) * 10_000) / 10_000;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
