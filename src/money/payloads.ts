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
  purchase: PurchaseResult | null;
  preview: PurchasePreviewModel | null;
  /** The plan to show: resolved lazily, so a purchase's new status is read only when asked for. */
  orgId: string | null;
  planId: string | null;
  userErrors: UserErrorModel[];
  replayed: boolean;
}
