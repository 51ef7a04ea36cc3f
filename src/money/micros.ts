/**
 * Money that we add up ourselves (purchase previews) is summed in integer micro-dollars, so a sum of many
 * line items has no float drift; the result is converted back once. All amounts are USD.
 */
const MICROS = 1_000_000;

export const toMicros = (usd: number): number => Math.round(usd * MICROS);
export const fromMicros = (micros: number): number => micros / MICROS;

export function sumUsd<T>(items: readonly T[], amount: (item: T) => number): number {
  return fromMicros(items.reduce((total, item) => total + toMicros(amount(item)), 0));
}
