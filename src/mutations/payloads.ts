/** What the mutation payload types are built from (codegen mappers). */
import type { LineItemModel, PartnerPlanModel } from '../graphql/models';
import type { CommitmentPlan, PurchaseResult } from '../upstream/types';
import type { MoneyMovingErrorCode } from './money-moving';

export interface UserErrorModel {
  field: string[] | null;
  message: string;
  code: MoneyMovingErrorCode;
}

export interface ApplyPayloadModel {
  plan: CommitmentPlan | null;
  userErrors: UserErrorModel[];
  replayed: boolean;
}

export interface PurchasePreviewModel {
  plan: PartnerPlanModel;
  lineItems: LineItemModel[];
  lineItemCount: number;
  upfrontCost: number;
  recurringCostHourly: number;
  monthlyCost: number;
  monthlySavings: number;
  totalSavings: number;
  breakevenHours: number;
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
