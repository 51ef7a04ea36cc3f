/**
 * The simulator's fixed notion of "today". Data never depends on the wall clock, so every start serves the
 * same numbers; usage data runs up to the day before AS_OF (cloud cost data lags by a day).
 */
export const AS_OF = '2026-11-27';
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) for a YYYY-MM-DD date. */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

export function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO date-time without milliseconds, e.g. 2026-03-14T17:22:09Z. */
export function isoDateTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

export const AS_OF_DAY = dayNumber(AS_OF);
export const AS_OF_SECONDS = AS_OF_DAY * 86_400;
/** Usage data covers [DATA_START, AS_OF): two years back, end exclusive. */
export const DATA_START_DAY = AS_OF_DAY - 730;
export const DATA_START = isoDate(DATA_START_DAY);
export const DATA_END = AS_OF;
export const SECONDS_PER_DAY = 86_400;

/** Strict YYYY-MM-DD check, including the day existing in that month. */
export function isValidIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}
