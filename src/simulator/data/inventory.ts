/**
 * Reading the commitment inventory: provider / active / text-search filters, ordering, and the filterable
 * attributes with their values.
 */
import type {
  Commitment,
  CommitmentAttribute,
  CommitmentAttributeValue,
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
}

/** Case-insensitive substring over display_name, type, region, instance_type and id. */
export function matchesSearch(c: Commitment, search: string | undefined): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return [c.display_name, c.type, c.region, c.instance_type, c.id].some(
    (v) => typeof v === 'string' && v.toLowerCase().includes(needle),
  );
}

export function selectCommitments(org: OrgData, q: InventoryQuery): CommitmentRecord[] {
  return org.commitments[q.provider].filter(
    (r) => (!q.onlyActive || r.commitment.is_active === true) && matchesSearch(r.commitment, q.search),
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

/** Distinct non-null values of a field, in the order of the (already sorted) commitments. */
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
