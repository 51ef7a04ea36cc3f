/**
 * The purchase preview: what a partner plan would buy and its totals, from reads only. The partner API
 * lists plans without their line items; the line items come from the v1 plan the partner plan presents
 * (same org, provider and name: an inferred link), when this key can read it.
 */
import { isUpstreamError } from '../upstream';
import { amountOf } from '../upstream/values';
import type { LineItem, PartnerPlan } from '../upstream/answers';
import type { Loaders } from '../loaders';
import { sumUsd } from './micros';
import type { PurchasePreviewModel } from './payloads';

async function selectedLineItems(loaders: Loaders, plan: PartnerPlan): Promise<LineItem[]> {
  try {
    const v1 = await loaders.presentedPlan(plan);
    if (!v1) return [];
    const items = await loaders.lineItems.all({ orgId: plan.org_id, planId: v1.id });
    return items.filter((i) => i.is_selected);
  } catch (err) {
    // A partner key may not read the v1 plan: the preview falls back to the partner plan's own totals.
    if (isUpstreamError(err) && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) return [];
    throw err;
  }
}

export async function buildPreview(loaders: Loaders, plan: PartnerPlan): Promise<PurchasePreviewModel> {
  const lineItems = await selectedLineItems(loaders, plan);
  const base = {
    plan,
    lineItems,
    breakevenHours: amountOf(plan.breakeven_hours) ?? null,
    currency: 'USD' as const,
  };
  if (lineItems.length === 0) {
    // The partner plan's own totals, as far as its answer carries them (an inferred shape).
    return {
      ...base,
      lineItemCount: amountOf(plan.configuration?.line_item_count) ?? null,
      upfrontCost: amountOf(plan.upfront_cost) ?? null,
      recurringCostHourly: amountOf(plan.recommended_hourly_commitment) ?? null,
      monthlyCost: amountOf(plan.monthly_cost) ?? null,
      monthlySavings: amountOf(plan.projected_monthly_savings) ?? null,
      totalSavings: amountOf(plan.projected_total_savings) ?? null,
    };
  }
  return {
    ...base,
    lineItemCount: lineItems.length,
    upfrontCost: sumUsd(lineItems, (i) => i.upfront_cost),
    recurringCostHourly: sumUsd(lineItems, (i) => i.recurring_cost),
    monthlyCost: sumUsd(lineItems, (i) => i.monthly_cost),
    monthlySavings: sumUsd(lineItems, (i) => i.monthly_savings),
    totalSavings: sumUsd(lineItems, (i) => i.total_savings),
  };
}
