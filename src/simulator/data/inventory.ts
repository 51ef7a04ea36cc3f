/**
 * Reading the commitment inventory: provider / active / text-search / filter-object selection, ordering,
 * and the filterable attributes with their values.
 */
import type {
  Commitment,
  CommitmentAttribute,
  CommitmentAttributeValue,
  CommitmentFilter,
  CommitmentOrderBy,
} from '../../upstream/types';
import { sortBy, type SortValue } from '../http/sorting';
import type { CloudProvider } from './catalog';
import type { CommitmentRecord } from './commitments';
import type { OrgData } from './dataset';

export const COMMITMENT_ORDER: Record<CommitmentOrderBy, (c: Commitment) => SortValue> = {
  end_date: (c) => c.end_date,
  start_date: (c) => c.start_date,
  display_name: (c) => c.display_name,
  type: (c) => c.type,
  status: (c) => c.status,
  region: (c) => c.region,
  instance_type: (c) => c.instance_type,
  contract_term: (c) => c.contract_term,
  commitment_upfront_cost: (c) => c.commitment_upfront_cost,
  monthly_net_savings: (c) => c.monthly_net_savings,
  monthly_gross_savings: (c) => c.monthly_gross_savings,
  monthly_premiums: (c) => c.monthly_premiums,
  monthly_estimated_rebate: (c) => c.monthly_estimated_rebate,
  utilization: (c) => c.utilization,
};

export interface InventoryQuery {
  provider: CloudProvider;
  onlyActive: boolean;
  search: string | undefined;
  /** Attribute field -> accepted values, as parseFilter returns it; absent or {}: no filter. */
  filter?: CommitmentFilter | undefined;
}

/** Case-insensitive substring over display_name, type, region, instance_type and id. */
export function matchesSearch(c: Commitment, search: string | undefined): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return [c.display_name, c.type, c.region, c.instance_type, c.id].some(
    (v) => typeof v === 'string' && v.toLowerCase().includes(needle),
  );
}

/** Every field of the filter has the commitment's value among its values (a null value matches none). */
export function matchesFilter(c: Commitment, filter: CommitmentFilter | undefined): boolean {
  if (!filter) return true;
  const row = c as Record<string, unknown>;
  return Object.entries(filter).every(([field, values]) =>
    values.includes(row[field] as CommitmentAttributeValue),
  );
}

export function selectCommitments(org: OrgData, q: InventoryQuery): CommitmentRecord[] {
  return org.commitments[q.provider].filter(
    (r) =>
      (!q.onlyActive || r.commitment.is_active === true) &&
      matchesSearch(r.commitment, q.search) &&
      matchesFilter(r.commitment, q.filter),
  );
}

export function sortCommitments(
  records: readonly CommitmentRecord[],
  orderBy: CommitmentOrderBy,
  desc: boolean,
): CommitmentRecord[] {
  const key = COMMITMENT_ORDER[orderBy];
  return sortBy(
    records,
    (r) => key(r.commitment),
    desc,
    (r) => r.commitment.id,
  );
}

/** Fields usable in filters, with their types. */
export const COMMITMENT_ATTRIBUTES: readonly CommitmentAttribute[] = [
  { name: 'Type', field: 'type', type: 'string' },
  { name: 'Status', field: 'status', type: 'string' },
  { name: 'Active', field: 'is_active', type: 'boolean' },
  { name: 'Archera guaranteed', field: 'is_archera_guaranteed', type: 'boolean' },
  { name: 'Guarantee method', field: 'guarantee_method', type: 'string' },
  { name: 'Region', field: 'region', type: 'string' },
  { name: 'Instance type', field: 'instance_type', type: 'string' },
  { name: 'Instance family', field: 'instance_family', type: 'string' },
  { name: 'Plan type', field: 'plan_type', type: 'string' },
  { name: 'Payment option', field: 'payment_option', type: 'string' },
  { name: 'Offering class', field: 'offering_class', type: 'string' },
  { name: 'Contract term', field: 'contract_term', type: 'string' },
  { name: 'Flexible', field: 'is_flexible', type: 'boolean' },
  { name: 'Account', field: 'account_id', type: 'string' },
  { name: 'Billing account', field: 'billing_account_id', type: 'string' },
  { name: 'Instance count', field: 'instance_count', type: 'number' },
  { name: 'Utilization', field: 'utilization', type: 'number' },
  { name: 'Start date', field: 'start_date', type: 'datetime' },
  { name: 'End date', field: 'end_date', type: 'datetime' },
];

export function isAttribute(field: string): boolean {
  return COMMITMENT_ATTRIBUTES.some((a) => a.field === field);
}

/** The JSON type of a filter value per attribute type: dates and date-times are strings. */
const VALUE_TYPE: Record<CommitmentAttribute['type'], 'string' | 'number' | 'boolean'> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'string',
  datetime: 'string',
};
const ATTRIBUTE_TYPES = new Map(COMMITMENT_ATTRIBUTES.map((a) => [a.field, a.type]));
const FILTER_SHAPE =
  'a JSON object mapping attribute fields to arrays of values, e.g. {"region":["us-east-1"]}';

/** A problem of a filter: where (`filter`, `filter.<field>`, `filter.<field>.<index>`) and what. */
export type FilterProblem = [where: string, message: string];

/**
 * The `filter` query parameter: JSON text of an object mapping attribute fields (COMMITMENT_ATTRIBUTES) to
 * non-empty arrays of values of the attribute's type. Returns the filter (undefined for {}: no filter) or
 * every problem found.
 */
export function parseFilter(text: string): { filter?: CommitmentFilter; problems: FilterProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problems: [['filter', `Not valid JSON: expected ${FILTER_SHAPE}.`]] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problems: [['filter', `Must be ${FILTER_SHAPE}.`]] };
  const problems: FilterProblem[] = [];
  const filter: CommitmentFilter = {};
  for (const [field, values] of Object.entries(value as Record<string, unknown>)) {
    const where = `filter.${field}`;
    const type = ATTRIBUTE_TYPES.get(field);
    if (type === undefined) {
      problems.push([
        where,
        `Unknown attribute field. Must be one of: ${COMMITMENT_ATTRIBUTES.map((a) => a.field).join(', ')}.`,
      ]);
      continue;
    }
    if (!Array.isArray(values) || values.length === 0) {
      problems.push([where, 'Must be a non-empty array of values.']);
      continue;
    }
    const expected = VALUE_TYPE[type];
    values.forEach((v: unknown, i) => {
      if (typeof v !== expected)
        problems.push([`${where}.${i}`, `Must be a ${expected}: ${field} is a ${type} attribute.`]);
    });
    filter[field] = values as CommitmentAttributeValue[];
  }
  if (problems.length > 0) return { problems };
  return Object.keys(filter).length > 0 ? { filter, problems } : { problems };
}

/**
 * Distinct non-null values of a field, in the order of the (already sorted) commitments: each value where
 * its first commitment stands (so sorting by the field itself sorts the values).
 */
export function attributeValues(
  records: readonly CommitmentRecord[],
  field: string,
): CommitmentAttributeValue[] {
  const seen = new Set<CommitmentAttributeValue>();
  for (const r of records) {
    const value = (r.commitment as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') seen.add(value);
  }
  return [...seen];
}
