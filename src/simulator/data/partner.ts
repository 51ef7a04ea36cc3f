/**
 * v2 partner plans: the partner API's view of an org's default plans. Each partner plan is a v1 default
 * plan seen through the partner lens, so buying one also changes the v1 plan's status (state.ts).
 * Ids look like the docs' example ("plan_abc123"), not uuids.
 */
import type { PartnerPlan } from '../../upstream/types';
import type { CloudProvider, Payment, Term } from './catalog';
import { fromMicros, HOURS_PER_MONTH, ratio } from './money';
import type { PlanRecord } from './plans';

export interface PartnerPlanRecord {
  partnerPlan: PartnerPlan;
  /** The v1 plan it is built from (shares its status). */
  planId: string;
  lineItemCount: number;
}

const RISK: Record<string, PartnerPlan['risk']['risk_level']> = {
  'High Savings': 'high',
  Balanced: 'medium',
  Recommended: 'low',
};
const COVERAGE_TARGET: Record<string, number> = { 'High Savings': 0.95, Balanced: 0.85, Recommended: 0.75 };

/** The value carrying the most amortized cost. */
function dominant<T extends string>(
  record: PlanRecord,
  pick: (li: PlanRecord['lineItems'][number]) => T,
): T | null {
  const weights = new Map<T, number>();
  for (const li of record.lineItems)
    weights.set(pick(li), (weights.get(pick(li)) ?? 0) + li.after_amortized_cost);
  let best: T | null = null;
  let bestWeight = -1;
  for (const [value, weight] of [...weights].sort(([a], [b]) => a.localeCompare(b))) {
    if (weight > bestWeight) [best, bestWeight] = [value, weight];
  }
  return best;
}

export function partnerPlanId(planId: string): string {
  return `plan_${planId.replace(/-/g, '').slice(0, 16)}`;
}

/** Partner plans of one org: its default plans that are ready (not calculating, not empty). */
export function buildPartnerPlans(records: readonly PlanRecord[]): PartnerPlanRecord[] {
  return records
    .filter((r) => r.isDefault && !r.plan.is_calculating && r.lineItems.length > 0)
    .map((r) => {
      const plan = r.plan;
      const term = (dominant(r, (li) => li.contract_term) ?? 'one_year') as Term;
      const payment = (dominant(r, (li) => li.contract_spec.payment_option ?? 'no_upfront') ??
        'no_upfront') as Payment;
      const monthlyMicros = r.micros.amortized * HOURS_PER_MONTH;
      const partnerPlan: PartnerPlan = {
        id: partnerPlanId(plan.id),
        name: plan.name,
        description: plan.description ?? null,
        org_id: plan.org_id,
        provider: r.provider as CloudProvider,
        status: plan.status,
        created_at: plan.created_at,
        recommended_hourly_commitment: plan.amortized_cost_hourly,
        upfront_cost: fromMicros(r.micros.upfront),
        monthly_cost: fromMicros(monthlyMicros),
        projected_monthly_savings: plan.monthly_savings,
        projected_total_savings: plan.total_savings,
        projected_savings_rate: ratio(plan.savings_hourly, plan.covered_ondemand_cost_hourly),
        breakeven_hours: plan.breakeven_hours,
        risk: {
          risk_level: RISK[plan.name] ?? 'medium',
          max_term: plan.max_term ?? null,
          // If usage stopped, guaranteed commitments are Archera's problem; the rest is the customer's loss.
          worst_case_monthly_loss: fromMicros(r.micros.nonGuaranteedAmortized * HOURS_PER_MONTH),
          guaranteed_share: ratio(r.micros.guaranteedAmortized, r.micros.amortized),
        },
        configuration: {
          contract_term: term,
          payment_option: payment,
          coverage_target: COVERAGE_TARGET[plan.name] ?? 0.8,
          commitment_types: [...new Set(r.lineItems.map((li) => li.offer.type))].sort(),
          line_item_count: r.lineItems.length,
        },
      };
      return { partnerPlan, planId: plan.id, lineItemCount: r.lineItems.length };
    });
}
