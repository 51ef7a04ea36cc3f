/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Cloud provider of a commitment plan, an offer or a resource (the v1 API knows more than the commitments API). */
export type CloudProvider =
  /** Amazon Web Services. */
  | 'AWS'
  /** Microsoft Azure. */
  | 'AZURE'
  /** Google Cloud Platform. */
  | 'GCP'
  /** Kubernetes (v1 plans only). */
  | 'KUBERNETES'
  /**
   * A value Archera sent that this gateway does not know yet (a newer or unexpected value). The value
   * as sent is in the field of the same name with `Raw` appended. Never accepted as an argument.
   */
  | 'OTHER'
  /** Provider not known to Archera (v1 plans only). */
  | 'UNKNOWN';

/**
 * A facet filter of the commitments API: commitments whose `field` has one of `values`. Several filters all
 * apply (AND); the values of one filter are alternatives (OR). Encoded as the upstream's `filter` object
 * (`{"type": ["Compute", "EC2Instance"]}`, inferred: the vendor documents the object but not its form).
 */
export type CommitmentFilter = {
  /** An attribute's `field`, as listed by `Org.commitmentAttributes` (e.g. "type", "region"). */
  field: string;
  /** The values to accept (strings, numbers or booleans, as `Org.commitmentAttributeValues` lists them). At least one. */
  values: Array<string | number | boolean>;
};

/** Status of a commitment plan. */
export type CommitmentPlanStatus =
  /** Purchases completed. */
  | 'COMPLETED'
  /** A draft. */
  | 'DRAFT'
  /** Purchases in progress. */
  | 'IN_PROGRESS'
  /** Waiting for a review. */
  | 'NEEDS_REVIEW'
  /** Newly generated. */
  | 'NEW'
  /**
   * A value Archera sent that this gateway does not know yet (a newer or unexpected value). The value
   * as sent is in the field of the same name with `Raw` appended. Never accepted as an argument.
   */
  | 'OTHER'
  /** Reviewed by a user. */
  | 'REVIEWED'
  /** Scheduled for purchase (applied). */
  | 'SCHEDULED';

/** A cloud provider of the commitments API (the beta commitments endpoints know only these three). */
export type CommitmentProvider =
  /** Amazon Web Services. */
  | 'AWS'
  /** Microsoft Azure. */
  | 'AZURE'
  /** Google Cloud Platform. */
  | 'GCP';

/** Status of a commitment. The docs name active, expired and queued; the others are inferred. */
export type CommitmentStatus =
  /** Upstream value `active`. */
  | 'ACTIVE'
  /** Upstream value `expired`. */
  | 'EXPIRED'
  /**
   * A value Archera sent that this gateway does not know yet (a newer or unexpected value). The value
   * as sent is in the field of the same name with `Raw` appended. Never accepted as an argument.
   */
  | 'OTHER'
  /** Upstream value `payment_failed`. */
  | 'PAYMENT_FAILED'
  /** Upstream value `payment_pending`. */
  | 'PAYMENT_PENDING'
  /** Upstream value `queued`. */
  | 'QUEUED'
  /** Upstream value `retired`. */
  | 'RETIRED';

/** Commitment contract term. `*_GRIS` terms are Archera Guaranteed commitments. */
export type ContractTerm =
  /** Eighteen month term. Upstream value `eighteen_month`. */
  | 'EIGHTEEN_MONTH'
  /** Eighteen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `eighteen_month_gris`. */
  | 'EIGHTEEN_MONTH_GRIS'
  /** Eight month term. Upstream value `eight_month`. */
  | 'EIGHT_MONTH'
  /** Eight month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `eight_month_gris`. */
  | 'EIGHT_MONTH_GRIS'
  /** Eleven month term. Upstream value `eleven_month`. */
  | 'ELEVEN_MONTH'
  /** Eleven month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `eleven_month_gris`. */
  | 'ELEVEN_MONTH_GRIS'
  /** Fifteen month term. Upstream value `fifteen_month`. */
  | 'FIFTEEN_MONTH'
  /** Fifteen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `fifteen_month_gris`. */
  | 'FIFTEEN_MONTH_GRIS'
  /** Five month term. Upstream value `five_month`. */
  | 'FIVE_MONTH'
  /** Five month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `five_month_gris`. */
  | 'FIVE_MONTH_GRIS'
  /** Five year term. Upstream value `five_year`. */
  | 'FIVE_YEAR'
  /** Fourteen month term. Upstream value `fourteen_month`. */
  | 'FOURTEEN_MONTH'
  /** Fourteen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `fourteen_month_gris`. */
  | 'FOURTEEN_MONTH_GRIS'
  /** Four month term. Upstream value `four_month`. */
  | 'FOUR_MONTH'
  /** Four month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `four_month_gris`. */
  | 'FOUR_MONTH_GRIS'
  /** Nineteen month term. Upstream value `nineteen_month`. */
  | 'NINETEEN_MONTH'
  /** Nineteen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `nineteen_month_gris`. */
  | 'NINETEEN_MONTH_GRIS'
  /** Nine month term. Upstream value `nine_month`. */
  | 'NINE_MONTH'
  /** Nine month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `nine_month_gris`. */
  | 'NINE_MONTH_GRIS'
  /** One year term. Upstream value `one_year`. */
  | 'ONE_YEAR'
  /** One year term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `one_year_gris`. */
  | 'ONE_YEAR_GRIS'
  /**
   * A value Archera sent that this gateway does not know yet (a newer or unexpected value). The value
   * as sent is in the field of the same name with `Raw` appended. Never accepted as an argument.
   */
  | 'OTHER'
  /** Seventeen month term. Upstream value `seventeen_month`. */
  | 'SEVENTEEN_MONTH'
  /** Seventeen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `seventeen_month_gris`. */
  | 'SEVENTEEN_MONTH_GRIS'
  /** Seven month term. Upstream value `seven_month`. */
  | 'SEVEN_MONTH'
  /** Seven month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `seven_month_gris`. */
  | 'SEVEN_MONTH_GRIS'
  /** Sixteen month term. Upstream value `sixteen_month`. */
  | 'SIXTEEN_MONTH'
  /** Sixteen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `sixteen_month_gris`. */
  | 'SIXTEEN_MONTH_GRIS'
  /** Six month term. Upstream value `six_month`. */
  | 'SIX_MONTH'
  /** Six month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `six_month_gris`. */
  | 'SIX_MONTH_GRIS'
  /** Ten month term. Upstream value `ten_month`. */
  | 'TEN_MONTH'
  /** Ten month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `ten_month_gris`. */
  | 'TEN_MONTH_GRIS'
  /** Thirteen month term. Upstream value `thirteen_month`. */
  | 'THIRTEEN_MONTH'
  /** Thirteen month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirteen_month_gris`. */
  | 'THIRTEEN_MONTH_GRIS'
  /** Thirty day term. Upstream value `thirty_day`. */
  | 'THIRTY_DAY'
  /** Thirty day term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_day_gris`. */
  | 'THIRTY_DAY_GRIS'
  /** Thirty five month term. Upstream value `thirty_five_month`. */
  | 'THIRTY_FIVE_MONTH'
  /** Thirty five month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_five_month_gris`. */
  | 'THIRTY_FIVE_MONTH_GRIS'
  /** Thirty four month term. Upstream value `thirty_four_month`. */
  | 'THIRTY_FOUR_MONTH'
  /** Thirty four month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_four_month_gris`. */
  | 'THIRTY_FOUR_MONTH_GRIS'
  /** Thirty month term. Upstream value `thirty_month`. */
  | 'THIRTY_MONTH'
  /** Thirty month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_month_gris`. */
  | 'THIRTY_MONTH_GRIS'
  /** Thirty one month term. Upstream value `thirty_one_month`. */
  | 'THIRTY_ONE_MONTH'
  /** Thirty one month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_one_month_gris`. */
  | 'THIRTY_ONE_MONTH_GRIS'
  /** Thirty three month term. Upstream value `thirty_three_month`. */
  | 'THIRTY_THREE_MONTH'
  /** Thirty three month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_three_month_gris`. */
  | 'THIRTY_THREE_MONTH_GRIS'
  /** Thirty two month term. Upstream value `thirty_two_month`. */
  | 'THIRTY_TWO_MONTH'
  /** Thirty two month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `thirty_two_month_gris`. */
  | 'THIRTY_TWO_MONTH_GRIS'
  /** Three month term. Upstream value `three_month`. */
  | 'THREE_MONTH'
  /** Three month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `three_month_gris`. */
  | 'THREE_MONTH_GRIS'
  /** Three year term. Upstream value `three_year`. */
  | 'THREE_YEAR'
  /** Twelve month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twelve_month_gris`. */
  | 'TWELVE_MONTH_GRIS'
  /** Twenty eight month term. Upstream value `twenty_eight_month`. */
  | 'TWENTY_EIGHT_MONTH'
  /** Twenty eight month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_eight_month_gris`. */
  | 'TWENTY_EIGHT_MONTH_GRIS'
  /** Twenty five month term. Upstream value `twenty_five_month`. */
  | 'TWENTY_FIVE_MONTH'
  /** Twenty five month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_five_month_gris`. */
  | 'TWENTY_FIVE_MONTH_GRIS'
  /** Twenty four month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_four_month_gris`. */
  | 'TWENTY_FOUR_MONTH_GRIS'
  /** Twenty month term. Upstream value `twenty_month`. */
  | 'TWENTY_MONTH'
  /** Twenty month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_month_gris`. */
  | 'TWENTY_MONTH_GRIS'
  /** Twenty nine month term. Upstream value `twenty_nine_month`. */
  | 'TWENTY_NINE_MONTH'
  /** Twenty nine month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_nine_month_gris`. */
  | 'TWENTY_NINE_MONTH_GRIS'
  /** Twenty one month term. Upstream value `twenty_one_month`. */
  | 'TWENTY_ONE_MONTH'
  /** Twenty one month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_one_month_gris`. */
  | 'TWENTY_ONE_MONTH_GRIS'
  /** Twenty seven month term. Upstream value `twenty_seven_month`. */
  | 'TWENTY_SEVEN_MONTH'
  /** Twenty seven month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_seven_month_gris`. */
  | 'TWENTY_SEVEN_MONTH_GRIS'
  /** Twenty six month term. Upstream value `twenty_six_month`. */
  | 'TWENTY_SIX_MONTH'
  /** Twenty six month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_six_month_gris`. */
  | 'TWENTY_SIX_MONTH_GRIS'
  /** Twenty three month term. Upstream value `twenty_three_month`. */
  | 'TWENTY_THREE_MONTH'
  /** Twenty three month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_three_month_gris`. */
  | 'TWENTY_THREE_MONTH_GRIS'
  /** Twenty two month term. Upstream value `twenty_two_month`. */
  | 'TWENTY_TWO_MONTH'
  /** Twenty two month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `twenty_two_month_gris`. */
  | 'TWENTY_TWO_MONTH_GRIS'
  /** Two month term. Upstream value `two_month`. */
  | 'TWO_MONTH'
  /** Two month term, an Archera Guaranteed commitment (GRI): Archera covers unused capacity. Upstream value `two_month_gris`. */
  | 'TWO_MONTH_GRIS'
  /** Two year term. Upstream value `two_year`. */
  | 'TWO_YEAR'
  /** Zero day term. Upstream value `zero_day`. */
  | 'ZERO_DAY';

/** Overall risk level of a partner plan (inferred). */
export type PartnerPlanRiskLevel =
  /** Upstream value `high`. */
  | 'HIGH'
  /** Upstream value `low`. */
  | 'LOW'
  /** Upstream value `medium`. */
  | 'MEDIUM'
  /**
   * A value Archera sent that this gateway does not know yet (a newer or unexpected value). The value
   * as sent is in the field of the same name with `Raw` appended. Never accepted as an argument.
   */
  | 'OTHER';

/** How a commitment is paid. */
export type PaymentOption =
  /** The whole commitment is paid upfront. */
  | 'ALL_UPFRONT'
  /** Nothing upfront; the whole commitment is paid as a recurring charge. */
  | 'NO_UPFRONT'
  /**
   * A value Archera sent that this gateway does not know yet (a newer or unexpected value). The value
   * as sent is in the field of the same name with `Raw` appended. Never accepted as an argument.
   */
  | 'OTHER'
  /** Part upfront, the rest as a recurring charge. */
  | 'PARTIAL_UPFRONT';

/** Whether an org has a recommended commitment plan for a provider, and if not, why. */
export type RecommendationStatus =
  /** A recommended plan is available. */
  | 'AVAILABLE'
  /** None yet: the provider's default plans are still being calculated (poll, or wait for `isCalculating` to turn false). */
  | 'CALCULATING'
  /** None, and nothing is being calculated. */
  | 'UNAVAILABLE';

/** Stable codes of userErrors. */
export type UserErrorCode =
  /** The input is invalid (locally or per Archera's 400/422). */
  | 'BAD_USER_INPUT'
  /**
   * Archera refused with 409 Conflict: the plan was already applied or purchased, or is not in a state that can
   * be (its status says which).
   */
  | 'CONFLICT'
  /** The key may not act on this org (403). */
  | 'FORBIDDEN'
  /** The idempotency key was used before with another input. Nothing was sent. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /**
   * The idempotency store (Redis, or the journal file without REDIS_URL) is unavailable, so the gateway cannot
   * record the request before sending it: nothing was sent. Retry later with the same idempotency key. Reads
   * and previews (`confirm: false`) keep working.
   */
  | 'IDEMPOTENCY_STORE_UNAVAILABLE'
  /** The org or plan does not exist (404). */
  | 'NOT_FOUND'
  /** The request may have reached Archera but its outcome is unknown; it was not resent. Check the plan status. */
  | 'OUTCOME_UNKNOWN'
  /** The plan is still being calculated (`isCalculating`): it cannot be applied yet. Nothing was sent. */
  | 'PLAN_CALCULATING'
  /** Purchases are disabled on this gateway (ARCHERA_ENABLE_PURCHASES is not true). Nothing was sent. */
  | 'PURCHASES_DISABLED'
  /** Archera rate-limited the request. */
  | 'RATE_LIMITED'
  /** The API key was refused (401). */
  | 'UNAUTHENTICATED'
  /** Archera failed (5xx or an unreadable answer). The request was not retried. */
  | 'UPSTREAM_ERROR'
  /** Archera did not answer in time. */
  | 'UPSTREAM_TIMEOUT';

export type PlanDrillDownQueryVariables = Exact<{
  orgId: string | number;
  planId: string | number;
  startDate: string;
  endDate: string;
}>;


export type PlanDrillDownQuery = { org: { commitmentPlan: { id: string, archeraId: string, name: string, status: CommitmentPlanStatus, savingsHourly: number, monthlySavings: number, totalSavings: number, breakevenHours: number, commitmentCoverage: number, lineItems: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, monthlySavings: number, selectedQuantity: number, contractTerm: ContractTerm, paymentOption: PaymentOption, offer: { displayName: string | null, instanceType: string | null, region: string | null, upfrontCost: number, recurringCost: number }, resourceMatches: { totalCount: number, nodes: Array<{ coverage: number, averageMonthlySavings: number, resource: { name: string | null, instanceType: string | null, region: string | null } | null }> } | null } }> } | null } | null } };

export type PurchasePreviewMutationVariables = Exact<{
  childOrgId: string | number;
  partnerPlanId: string | number;
  idempotencyKey: string;
}>;


export type PurchasePreviewMutation = { purchaseCommitmentPlan: { preview: { lineItemCount: number | null, upfrontCost: number | null, monthlyCost: number | null, monthlySavings: number | null, totalSavings: number | null, breakevenHours: number | null, currency: string, plan: { name: string | null, provider: CloudProvider | null, risk: { riskLevel: PartnerPlanRiskLevel | null } | null } } | null, userErrors: Array<{ field: Array<string> | null, message: string, code: UserErrorCode }> } };

export type SavingsDashboardQueryVariables = Exact<{
  orgId: string | number;
  provider: CommitmentProvider;
  planProvider: CloudProvider;
  startDate: string;
  endDate: string;
}>;


export type SavingsDashboardQuery = { org: { commitmentSummary: { asOfDate: string | null, totalActiveCommitments: number | null, averageUtilization: number | null, monthlyCommitmentCost: number | null, monthlyNetSavings: number | null, byTerm: Array<{ contractTerm: ContractTerm | null, count: number | null, monthlyNetSavings: number | null }> | null } | null, commitmentMetrics: { utilization: number | null, underutilizedCommitmentCost: number | null, totals: { netSavings: number | null, grossSavings: number | null, commitmentCost: number | null } | null, daily: Array<{ date: string | null, netSavings: number | null, utilization: number | null }> | null } | null, commitments: { totalCount: number, nodes: Array<{ id: string, displayName: string | null, endDate: string | null, utilization: number | null, monthlyNetSavings: number | null, comparison: { utilizationWarning: boolean | null, candidates: Array<{ contractTerm: ContractTerm | null, paymentOption: PaymentOption | null, commitmentFinancialsMonthlyRate: { commitmentSavings: { net: number | null } | null } | null }> | null } | null }> } | null, recommendedCommitmentPlan: { id: string, name: string, savingsHourly: number, monthlySavings: number, commitmentCoverage: number } | null } };

export type WebCommitmentsQueryVariables = Exact<{
  orgId: string | number;
  provider: CommitmentProvider;
  filter?: Array<CommitmentFilter> | CommitmentFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type WebCommitmentsQuery = { org: { id: string, commitments: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, displayName: string | null, type: string | null, region: string | null, status: CommitmentStatus | null, endDate: string | null, utilization: number | null, monthlyNetSavings: number | null } }> } | null } };

export type WebDashboardQueryVariables = Exact<{
  orgId: string | number;
  provider: CommitmentProvider;
  planProvider: CloudProvider;
}>;


export type WebDashboardQuery = { org: { id: string, recommendationStatus: RecommendationStatus | null, commitmentSummary: { asOfDate: string | null, totalActiveCommitments: number | null, averageUtilization: number | null, monthlyCommitmentCost: number | null, monthlyNetSavings: number | null } | null, defaultCommitmentPlans: Array<{ id: string, name: string, status: CommitmentPlanStatus, isCalculating: boolean, savingsHourly: number, monthlySavings: number, totalSavings: number, commitmentCoverage: number }> | null, expiring: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, displayName: string | null, endDate: string | null, utilization: number | null, monthlyNetSavings: number | null } }> } | null } };

export type WebCommitmentFacetsQueryVariables = Exact<{
  orgId: string | number;
  provider: CommitmentProvider;
}>;


export type WebCommitmentFacetsQuery = { org: { id: string, types: Array<string | number | boolean> | null, regions: Array<string | number | boolean> | null } };

export type WebPartnerPlansQueryVariables = Exact<{
  orgId: string | number;
}>;


export type WebPartnerPlansQuery = { org: { id: string, partnerPlans: Array<{ id: string, name: string | null, status: CommitmentPlanStatus | null, provider: CloudProvider | null }> | null } };

export type WebPlanStatusSubscriptionVariables = Exact<{
  orgId: string | number;
  planId: string | number;
}>;


export type WebPlanStatusSubscription = { commitmentPlanUpdated: { id: string, name: string, status: CommitmentPlanStatus, isCalculating: boolean, monthlySavings: number } };

export type WebProviderPlansQueryVariables = Exact<{
  orgId: string | number;
  provider: CloudProvider;
}>;


export type WebProviderPlansQuery = { org: { id: string, defaultCommitmentPlans: Array<{ id: string, name: string, status: CommitmentPlanStatus, isCalculating: boolean, monthlySavings: number }> | null } };

export type WebPurchasePreviewMutationVariables = Exact<{
  orgId: string | number;
  planId: string | number;
  idempotencyKey: string;
}>;


export type WebPurchasePreviewMutation = { purchaseCommitmentPlan: { preview: { lineItemCount: number | null, upfrontCost: number | null, monthlyCost: number | null, monthlySavings: number | null, totalSavings: number | null, breakevenHours: number | null, currency: string, plan: { id: string, name: string | null } } | null, userErrors: Array<{ code: UserErrorCode, message: string }> } };

export type WebUtilizationQueryVariables = Exact<{
  orgId: string | number;
  commitmentId: string | number;
  firstStart: string;
  firstEnd: string;
  secondStart: string;
  secondEnd: string;
}>;


export type WebUtilizationQuery = { org: { id: string, commitment: { id: string, displayName: string | null, utilization: number | null, first: { periodStart: string | null, periodEnd: string | null, utilization: number | null } | null, second: { periodStart: string | null, periodEnd: string | null, utilization: number | null } | null } | null } };


export const PlanDrillDownDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PlanDrillDown"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"planId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"startDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commitmentPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"archeraId"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"savingsHourly"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"totalSavings"}},{"kind":"Field","name":{"kind":"Name","value":"breakevenHours"}},{"kind":"Field","name":{"kind":"Name","value":"commitmentCoverage"}},{"kind":"Field","name":{"kind":"Name","value":"lineItems"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"SAVINGS"}},{"kind":"Argument","name":{"kind":"Name","value":"desc"},"value":{"kind":"BooleanValue","value":true}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"selectedQuantity"}},{"kind":"Field","name":{"kind":"Name","value":"contractTerm"}},{"kind":"Field","name":{"kind":"Name","value":"paymentOption"}},{"kind":"Field","name":{"kind":"Name","value":"offer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"instanceType"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"upfrontCost"}},{"kind":"Field","name":{"kind":"Name","value":"recurringCost"}}]}},{"kind":"Field","name":{"kind":"Name","value":"resourceMatches"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"startDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"startDate"}}},{"kind":"Argument","name":{"kind":"Name","value":"endDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endDate"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"3"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"coverage"}},{"kind":"Field","name":{"kind":"Name","value":"averageMonthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"resource"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"instanceType"}},{"kind":"Field","name":{"kind":"Name","value":"region"}}]}}]}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PlanDrillDownQuery, PlanDrillDownQueryVariables>;
export const PurchasePreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PurchasePreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"childOrgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"partnerPlanId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseCommitmentPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"orgId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"childOrgId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"planId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"partnerPlanId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"confirm"},"value":{"kind":"BooleanValue","value":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"risk"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"riskLevel"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineItemCount"}},{"kind":"Field","name":{"kind":"Name","value":"upfrontCost"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCost"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"totalSavings"}},{"kind":"Field","name":{"kind":"Name","value":"breakevenHours"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}}]}}]} as unknown as DocumentNode<PurchasePreviewMutation, PurchasePreviewMutationVariables>;
export const SavingsDashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SavingsDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CommitmentProvider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"planProvider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloudProvider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"startDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"endDate"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commitmentSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfDate"}},{"kind":"Field","name":{"kind":"Name","value":"totalActiveCommitments"}},{"kind":"Field","name":{"kind":"Name","value":"averageUtilization"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCommitmentCost"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyNetSavings"}},{"kind":"Field","name":{"kind":"Name","value":"byTerm"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractTerm"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyNetSavings"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commitmentMetrics"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"startDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"startDate"}}},{"kind":"Argument","name":{"kind":"Name","value":"endDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"endDate"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"utilization"}},{"kind":"Field","name":{"kind":"Name","value":"underutilizedCommitmentCost"}},{"kind":"Field","name":{"kind":"Name","value":"totals"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"netSavings"}},{"kind":"Field","name":{"kind":"Name","value":"grossSavings"}},{"kind":"Field","name":{"kind":"Name","value":"commitmentCost"}}]}},{"kind":"Field","name":{"kind":"Name","value":"daily"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"date"}},{"kind":"Field","name":{"kind":"Name","value":"netSavings"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"commitments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"END_DATE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyNetSavings"}},{"kind":"Field","name":{"kind":"Name","value":"comparison"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"utilizationWarning"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractTerm"}},{"kind":"Field","name":{"kind":"Name","value":"paymentOption"}},{"kind":"Field","name":{"kind":"Name","value":"commitmentFinancialsMonthlyRate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commitmentSavings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"net"}}]}}]}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendedCommitmentPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planProvider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"savingsHourly"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"commitmentCoverage"}}]}}]}}]}}]} as unknown as DocumentNode<SavingsDashboardQuery, SavingsDashboardQueryVariables>;
export const WebCommitmentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebCommitments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CommitmentProvider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CommitmentFilter"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"commitments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"onlyActive"},"value":{"kind":"BooleanValue","value":false}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyNetSavings"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebCommitmentsQuery, WebCommitmentsQueryVariables>;
export const WebDashboardDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebDashboard"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CommitmentProvider"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"planProvider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloudProvider"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"commitmentSummary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"asOfDate"}},{"kind":"Field","name":{"kind":"Name","value":"totalActiveCommitments"}},{"kind":"Field","name":{"kind":"Name","value":"averageUtilization"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCommitmentCost"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyNetSavings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"recommendationStatus"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planProvider"}}}]},{"kind":"Field","name":{"kind":"Name","value":"defaultCommitmentPlans"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planProvider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isCalculating"}},{"kind":"Field","name":{"kind":"Name","value":"savingsHourly"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"totalSavings"}},{"kind":"Field","name":{"kind":"Name","value":"commitmentCoverage"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"expiring"},"name":{"kind":"Name","value":"commitments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"END_DATE"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"endDate"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyNetSavings"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebDashboardQuery, WebDashboardQueryVariables>;
export const WebCommitmentFacetsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebCommitmentFacets"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CommitmentProvider"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","alias":{"kind":"Name","value":"types"},"name":{"kind":"Name","value":"commitmentAttributeValues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"field"},"value":{"kind":"StringValue","value":"type","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"onlyActive"},"value":{"kind":"BooleanValue","value":false}}]},{"kind":"Field","alias":{"kind":"Name","value":"regions"},"name":{"kind":"Name","value":"commitmentAttributeValues"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"field"},"value":{"kind":"StringValue","value":"region","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"onlyActive"},"value":{"kind":"BooleanValue","value":false}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"EnumValue","value":"REGION"}}]}]}}]}}]} as unknown as DocumentNode<WebCommitmentFacetsQuery, WebCommitmentFacetsQueryVariables>;
export const WebPartnerPlansDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebPartnerPlans"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"partnerPlans"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}}]}}]}}]}}]} as unknown as DocumentNode<WebPartnerPlansQuery, WebPartnerPlansQueryVariables>;
export const WebPlanStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WebPlanStatus"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"planId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"commitmentPlanUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"orgId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}},{"kind":"Argument","name":{"kind":"Name","value":"planId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isCalculating"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}}]}}]}}]} as unknown as DocumentNode<WebPlanStatusSubscription, WebPlanStatusSubscriptionVariables>;
export const WebProviderPlansDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebProviderPlans"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CloudProvider"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"defaultCommitmentPlans"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"isCalculating"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}}]}}]}}]}}]} as unknown as DocumentNode<WebProviderPlansQuery, WebProviderPlansQueryVariables>;
export const WebPurchasePreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"WebPurchasePreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"planId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"purchaseCommitmentPlan"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"orgId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"planId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"planId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"confirm"},"value":{"kind":"BooleanValue","value":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"idempotencyKey"},"value":{"kind":"Variable","name":{"kind":"Name","value":"idempotencyKey"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plan"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"lineItemCount"}},{"kind":"Field","name":{"kind":"Name","value":"upfrontCost"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCost"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySavings"}},{"kind":"Field","name":{"kind":"Name","value":"totalSavings"}},{"kind":"Field","name":{"kind":"Name","value":"breakevenHours"}},{"kind":"Field","name":{"kind":"Name","value":"currency"}}]}},{"kind":"Field","name":{"kind":"Name","value":"userErrors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<WebPurchasePreviewMutation, WebPurchasePreviewMutationVariables>;
export const WebUtilizationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"WebUtilization"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"commitmentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstStart"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"firstEnd"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"secondStart"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"secondEnd"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Date"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"org"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"orgId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"commitment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"commitmentId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}},{"kind":"Field","alias":{"kind":"Name","value":"first"},"name":{"kind":"Name","value":"details"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"startDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstStart"}}},{"kind":"Argument","name":{"kind":"Name","value":"endDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"firstEnd"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}}]}},{"kind":"Field","alias":{"kind":"Name","value":"second"},"name":{"kind":"Name","value":"details"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"startDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"secondStart"}}},{"kind":"Argument","name":{"kind":"Name","value":"endDate"},"value":{"kind":"Variable","name":{"kind":"Name","value":"secondEnd"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"utilization"}}]}}]}}]}}]}}]} as unknown as DocumentNode<WebUtilizationQuery, WebUtilizationQueryVariables>;