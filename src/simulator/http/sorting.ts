/**
 * Stable ordering: by one field, nulls sorting after every value (as Postgres does), ties broken by id
 * ascending so that paging through a sorted list returns each item exactly once.
 */
export type SortValue = string | number | boolean | null | undefined;

function compareValues(a: SortValue, b: SortValue): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull === bNull ? 0 : aNull ? 1 : -1;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

export function sortBy<T>(
  items: readonly T[],
  key: (item: T) => SortValue,
  desc: boolean,
  id: (item: T) => string,
): T[] {
  const sign = desc ? -1 : 1;
  return [...items].sort((x, y) => sign * compareValues(key(x), key(y)) || compareValues(id(x), id(y)));
}
