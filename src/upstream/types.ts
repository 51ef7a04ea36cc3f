/**
 * Names for the upstream (Archera REST) shapes. Every type here is an alias of a type generated from
 * openapi/*.json by openapi-typescript: nothing is hand-copied, so a spec change shows up as a compile error.
 */
import type { components as V1 } from '../generated/upstream/v1';
import type { components as V2 } from '../generated/upstream/v2';
import type { components as Beta } from '../generated/upstream/beta';
import type { paths as V1Paths } from '../generated/upstream/v1';
import type { paths as BetaPaths } from '../generated/upstream/beta';

type V1S = V1['schemas'];
type V2S = V2['schemas'];
type BetaS = Beta['schemas'];

// v1 commitment plans
export type CommitmentPlan = V1S['CommitmentPlan'];
export type CommitmentPlanStatus = CommitmentPlan['status'];
export type LineItem = V1S['CommitmentPlanLineItem_Exclude_CoveredServices'];
export type ContractSpec = V1S['PurchasePlanContractSpec'];
export type Offer = V1S['CommitmentOffer'];
export type ResourceMatch = V1S['CommitmentPlanResourceMatch'];
export type ResourceSku = V1S['ResourceSKU'];
export type PaginationMetadata = V1S['PaginationMetadata'];
export type ApiErrorResponse = V1S['ApiErrorResponse'];
export type ValidationErrorResponse = V1S['Error'];

// Upstream enums, as the specs declare them.
export type Provider = NonNullable<
  V1Paths['/v1/org/{org_id}/commitment-plans/default']['get']['parameters']['query']
>['provider'];
export type ContractTerm = LineItem['contract_term'];
export type LineItemOrderBy = NonNullable<
  NonNullable<
    V1Paths['/v1/org/{org_id}/commitment-plans/{plan_id}/line-items']['get']['parameters']['query']
  >['order_by']
>;
export type ResourceMatchOrderBy = NonNullable<
  NonNullable<
    V1Paths['/v1/org/{org_id}/commitment-plans/{plan_id}/resource-matches']['get']['parameters']['query']
  >['order_by']
>;
export type ResourceUsageType = ResourceMatch['usage_type'];

// v2 partner API (shapes inferred from prose: see openapi/archera-v2-partner.openapi.json)
export type PartnerPlan = V2S['PartnerPlan'];
export type PartnerPlanRisk = V2S['PartnerPlanRisk'];
export type PartnerPlanConfiguration = V2S['PartnerPlanConfiguration'];
export type PurchasePlanRequest = V2S['PurchasePlanRequest'];
export type PurchaseResult = V2S['PurchaseResult'];

// beta commitments (shapes partly inferred: see openapi/archera-beta-commitments.openapi.json)
export type Commitment = BetaS['Commitment'];
/** The providers the beta commitments endpoints accept (not kubernetes, not unknown). */
export type CommitmentsProvider = NonNullable<
  BetaPaths['/beta/v1/org/{org_id}/commitments']['get']['parameters']['query']
>['provider'];
export type CommitmentDetails = BetaS['CommitmentDetails'];
export type DailyUtilization = BetaS['DailyUtilization'];
export type Attribution = BetaS['Attribution'];
export type AttributedResource = BetaS['AttributedResource'];
export type CommitmentSummary = BetaS['CommitmentSummary'];
export type BreakdownByTerm = BetaS['BreakdownByTerm'];
export type BreakdownByType = BetaS['BreakdownByType'];
export type CommitmentMetrics = BetaS['CommitmentMetrics'];
export type MetricsValues = BetaS['MetricsValues'];
export type DailyMetrics = BetaS['DailyMetrics'];
export type CommitmentComparison = BetaS['CommitmentComparison'];
export type CommitmentComparisonEntry = BetaS['CommitmentComparisonEntry'];
export type ComparisonOption = BetaS['ComparisonOption'];
export type CommitmentFinancials = BetaS['CommitmentFinancials'];
export type CommitmentSavings = BetaS['CommitmentSavings'];
export type HypotheticalTotal = BetaS['HypotheticalTotal'];
export type CommitmentResolution = BetaS['CommitmentResolution'];
export type SkippedCommitment = BetaS['SkippedCommitment'];
export type CommitmentAttribute = BetaS['CommitmentAttribute'];
export type CommitmentAttributeValue = BetaS['CommitmentAttributeValue'];
/** A filter object: attribute field -> accepted values (sent as JSON in the `filter` query parameter). */
export type CommitmentFilter = BetaS['CommitmentFilter'];
export type CommitmentCoverage = BetaS['CommitmentCoverage'];
export type DailyCoverage = BetaS['DailyCoverage'];
export type CommitmentPaymentOption = NonNullable<Commitment['payment_option']>;
export type CommitmentOrderBy = NonNullable<
  NonNullable<BetaPaths['/beta/v1/org/{org_id}/commitments']['get']['parameters']['query']>['order_by']
>;
export type CommitmentStatus = NonNullable<Commitment['status']>;
export type GuaranteeMethod = NonNullable<Commitment['guarantee_method']>;
export type OfferingClass = NonNullable<Commitment['offering_class']>;
export type CommitmentAttributeType = CommitmentAttribute['type'];
export type PartnerPlanRiskLevel = PartnerPlanRisk['risk_level'];
export type ResolutionKind = CommitmentResolution['resolution'];
export type PurchaseStatus = PurchaseResult['status'];
