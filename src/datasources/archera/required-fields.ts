/**
 * Top-level fields each endpoint's 2xx body must carry, per its OpenAPI spec (`required` of the response
 * schema, or of the array's item schema). An answer without one is malformed: UPSTREAM_ERROR for a GET
 * (OUTCOME_UNKNOWN for a POST, which was carried out), never half an object passed on as data. Nested
 * objects are checked by the graph (a missing non-null field is an upstream error there).
 * test/datasources/required-fields.test.ts derives this table from openapi/ and fails when it is stale.
 */
import type { EndpointName } from '../../upstream/endpoints';

/** Field names, or 'scalars' for a JSON array whose items must be strings, numbers or booleans. */
export type RequiredShape = readonly string[] | 'scalars';

/** CommitmentPlan (v1): the plan endpoints all answer with it. */
const PLAN_FIELDS = [
  'after_cost_hourly',
  'amortized_cost_hourly',
  'before_cost_hourly',
  'before_ondemand_cost_hourly',
  'before_reserved_cost_hourly',
  'breakeven_hours',
  'commitment_coverage',
  'covered_ondemand_cost_hourly',
  'created_at',
  'fee_hourly',
  'id',
  'is_calculating',
  'max_term',
  'minimum_commitment_cost',
  'monthly_savings',
  'name',
  'org_id',
  'recurring_cost_hourly',
  'savings_hourly',
  'status',
  'total_cost_hourly',
  'total_monthly_before_cost',
  'total_savings',
  'upfront_cost_hourly',
] as const;

export const REQUIRED_FIELDS: Readonly<Record<EndpointName, RequiredShape>> = {
  getPlan: PLAN_FIELDS,
  applyPlan: PLAN_FIELDS,
  getDefaultPlans: PLAN_FIELDS,
  getRecommendedPlan: PLAN_FIELDS,
  listLineItems: [
    'account_id',
    'after_amortized_cost',
    'after_covered_units',
    'before_cost',
    'before_ondemand_cost',
    'before_reserved_cost',
    'breakeven_hours',
    'contract_spec',
    'contract_term',
    'covered_ondemand_cost',
    'discount_rate',
    'fee',
    'id',
    'is_selected',
    'lease_menu_item_id',
    'monthly_cost',
    'monthly_savings',
    'offer',
    'offer_id',
    'payment_option',
    'plan_id',
    'recommended_commitment',
    'recommended_quantity',
    'recurring_cost',
    'savings',
    'selected_commitment',
    'selected_quantity',
    'total_cost',
    'total_savings',
    'upfront_cost',
  ],
  listResourceMatches: [
    'after_cost',
    'after_covered_units',
    'after_ondemand_cost',
    'after_reserved_cost',
    'after_uncovered_units',
    'average_monthly_savings',
    'average_savings',
    'before_cost',
    'before_ondemand_cost',
    'before_reserved_cost',
    'before_uncovered_units',
    'coverage',
    'covered_ondemand_cost',
    'id',
    'if_all_ondemand_cost',
    'monthly_after_cost',
    'monthly_after_ondemand_cost',
    'monthly_after_reserved_cost',
    'monthly_before_cost',
    'ondemand_price',
    'resource',
    'total_units',
    'usage_type',
  ],
  getPartnerDefaultPlans: [
    'id',
    'name',
    'description',
    'org_id',
    'provider',
    'status',
    'created_at',
    'recommended_hourly_commitment',
    'upfront_cost',
    'monthly_cost',
    'projected_monthly_savings',
    'projected_total_savings',
    'projected_savings_rate',
    'breakeven_hours',
    'risk',
    'configuration',
  ],
  purchasePartnerPlan: [
    'purchase_id',
    'plan_id',
    'org_id',
    'status',
    'submitted_at',
    'line_item_count',
    'upfront_cost',
    'monthly_cost',
  ],
  listCommitments: ['id', 'provider'],
  listCommitmentAttributes: ['name', 'field', 'type'],
  listCommitmentAttributeValues: 'scalars',
  getCommitmentSummary: [],
  getCommitmentComparison: [
    'data',
    'current_totals',
    'hypothetical_totals',
    'low_utilization_commitment_count',
    'skipped_commitments',
  ],
  getCommitmentMetrics: [],
  getCommitmentDetails: ['id', 'provider'],
};

/** The first required field `body` lacks (or the index of a bad scalar item), else undefined. */
export function missingRequiredField(endpoint: EndpointName, body: unknown): string | undefined {
  const shape = REQUIRED_FIELDS[endpoint];
  const items: unknown[] = Array.isArray(body) ? body : [body];
  if (shape === 'scalars') {
    const bad = items.findIndex(
      (v) => typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean',
    );
    return bad === -1 ? undefined : `item ${bad}`;
  }
  if (shape.length === 0) return undefined;
  for (const item of items) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return shape[0];
    for (const field of shape) if (!Object.hasOwn(item, field)) return field;
  }
  return undefined;
}
