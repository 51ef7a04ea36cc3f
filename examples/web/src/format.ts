const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const usdCents = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 2,
});
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const count = new Intl.NumberFormat('en-US');

const or = (value: number | null | undefined, format: (n: number) => string): string =>
  value === null || value === undefined ? '—' : format(value);

export const money = (value: number | null | undefined): string => or(value, (n) => usd.format(n));
export const moneyCents = (value: number | null | undefined): string => or(value, (n) => usdCents.format(n));
export const ratio = (value: number | null | undefined): string => or(value, (n) => percent.format(n));
export const integer = (value: number | null | undefined): string => or(value, (n) => count.format(n));
export const hours = (value: number | null | undefined): string =>
  or(value, (n) => `${count.format(Math.round(n))} h (${count.format(Math.round(n / 24 / 30.4))} months)`);
