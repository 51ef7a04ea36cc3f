/**
 * The commitments filter (`filter`, a JSON query parameter) in one canonical form, so that the same filter
 * always makes the same list scope, loader key, URL and shared-cache key: fields in name order, each
 * field's values deduplicated and in order of their JSON text (values of a field are OR'ed upstream, so
 * neither changes the meaning).
 */
import type { QueryScalar } from './http';

type Filter<V extends QueryScalar> = Readonly<Record<string, readonly V[] | undefined>>;

/** The filter's fields that have values, in name order, each with its values in canonical order. */
function canonicalEntries<V extends QueryScalar>(filter: Filter<V>): Array<[string, V[]]> {
  const fields = Object.keys(filter)
    .filter((field) => filter[field] !== undefined)
    .sort();
  return fields.map((field) => {
    const byText = new Map<string, V>();
    for (const value of filter[field]!) byText.set(JSON.stringify(value), value);
    return [field, [...byText.keys()].sort().map((text) => byText.get(text)!)];
  });
}

/** The filter in canonical form; undefined when it has no field. */
export function canonicalFilter<V extends QueryScalar>(filter: Filter<V>): Record<string, V[]> | undefined {
  const entries = canonicalEntries(filter);
  if (entries.length === 0) return undefined;
  const canonical: Record<string, V[]> = {};
  for (const [field, values] of entries) canonical[field] = values;
  return canonical;
}

/**
 * A filter object as the JSON text of its query parameter, in canonical form (written field by field, so
 * the order is the canonical one even for field names that look like numbers). An empty filter is no
 * filter: the parameter is left out.
 */
export function jsonQuery(filter: Filter<QueryScalar>): string | undefined {
  const entries = canonicalEntries(filter);
  if (entries.length === 0) return undefined;
  return `{${entries.map(([field, values]) => `${JSON.stringify(field)}:${JSON.stringify(values)}`).join(',')}}`;
}
