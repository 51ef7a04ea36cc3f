/** Argument checks that can be judged locally: refused with BAD_USER_INPUT before any upstream call. */
import { canonicalFilter } from '../upstream/filter';
import { badUserInput } from './errors';

/** `startDate` must not come after `endDate` (ISO dates compare as strings). */
export function checkDateRange(
  startDate: string | null | undefined,
  endDate: string | null | undefined,
): void {
  if (startDate && endDate && startDate > endDate) {
    throw badUserInput(`\`endDate\` (${endDate}) is before \`startDate\` (${startDate}).`, 'endDate');
  }
}

/** Lists of ids in arguments are capped: each id may cost upstream work. */
export function checkListSize(values: readonly unknown[], max: number, argument: string): void {
  if (values.length > max)
    throw badUserInput(`\`${argument}\` takes at most ${max} ids (got ${values.length}).`, argument);
}

/** GraphQL nulls become "not sent" upstream. */
export function orUndefined<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** Facet filters per argument, and values per filter (each one costs the upstream a condition). */
export const MAX_FILTERS = 20;
export const MAX_FILTER_VALUES = 100;

type FilterValue = string | number | boolean;

/**
 * The `filter` argument as the upstream's filter object, in its canonical form (`canonicalFilter`): the same
 * filter always makes the same list scope, loader key and URL. Filters on the same field merge (their values
 * are alternatives). Undefined when there are none.
 */
export function filterOf(
  filters: ReadonlyArray<{ field: string; values: readonly FilterValue[] }> | null | undefined,
): Record<string, FilterValue[]> | undefined {
  if (!filters || filters.length === 0) return undefined;
  if (filters.length > MAX_FILTERS) {
    throw badUserInput(`\`filter\` takes at most ${MAX_FILTERS} filters (got ${filters.length}).`, 'filter');
  }
  // No prototype: any field name (`constructor`, `__proto__`) is a field like the others.
  const byField: Record<string, FilterValue[]> = Object.create(null) as Record<string, FilterValue[]>;
  for (const { field, values } of filters) {
    if (field.trim() === '') throw badUserInput('A filter needs a `field`.', 'filter');
    if (values.length === 0 || values.length > MAX_FILTER_VALUES) {
      throw badUserInput(
        `The filter on "${field.slice(0, 64)}" needs 1 to ${MAX_FILTER_VALUES} values (got ${values.length}).`,
        'filter',
      );
    }
    (byField[field] ??= []).push(...values);
  }
  return canonicalFilter(byField);
}
