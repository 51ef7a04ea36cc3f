/** What the mutation payload types are built from (codegen mappers). */
import type { LineItem, PartnerPlan } from '../upstream/answers';
import type { PurchaseResult } from '../upstream/answers';
import type { MoneyMovingErrorCode } from './service';

export interface UserErrorModel {
  field: string[] | null;
  message: string;
  code: MoneyMovingErrorCode;
}

export interface ApplyPayloadModel {
  /** The plan to show: read again when asked for, so it is the plan as it is after the apply. */
  orgId: string | null;
  planId: string | null;
  /** Archera accepted the apply (now or, for a replay, the first time). */
  applied: boolean;
  userErrors: UserErrorModel[];
  replayed: boolean;
}

/**
 * A purchase Archera accepted, as the graph shows it: what could be read of its answer, with the child org
 * and plan it was for and the idempotency key that made it (its global id names the org and the key).
 */
export type PurchaseModel = PurchaseResult & { org_id: string; plan_id: string; idempotency_key: string };

/** The model of a purchase answer: the same for the first answer and its replays. */
export function purchaseModel(
  answer: PurchaseResult | null | undefined,
  orgId: string,
  planId: string,
  idempotencyKey: string,
): PurchaseModel {
  return { ...answer, org_id: orgId, plan_id: answer?.plan_id ?? planId, idempotency_key: idempotencyKey };
}

export interface PurchasePreviewModel {
  plan: PartnerPlan;
  lineItems: LineItem[];
  lineItemCount: number | null;
  upfrontCost: number | null;
  recurringCostHourly: number | null;
  monthlyCost: number | null;
  monthlySavings: number | null;
  totalSavings: number | null;
  breakevenHours: number | null;
  currency: 'USD';
}

export interface PurchasePayloadModel {
  purchase: PurchaseModel | null;
  preview: PurchasePreviewModel | null;
  /** The plan to show: resolved lazily, so a purchase's new status is read only when asked for. */
  orgId: string | null;
  planId: string | null;
  userErrors: UserErrorModel[];
  replayed: boolean;
}
