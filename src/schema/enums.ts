/**
 * GraphQL enums are the SCREAMING_CASE of the upstream values (DESIGN.md): `aws` -> AWS,
 * `one_year_gris` -> ONE_YEAR_GRIS, `No Upfront` -> NO_UPFRONT. Their internal values are the upstream
 * strings, so resolvers pass upstream data through untouched and graphql-js does the renaming.
 * The value lists come from the generated upstream types (openapi-typescript `enumValues`), never by hand.
 */
import {
  commitmentPlanLineItem_Exclude_CoveredServicesContract_termValues as contractTermValues,
  commitmentPlanResourceMatchUsage_typeValues as usageTypeValues,
  commitmentPlanStatusValues,
  commitmentOfferProviderValues,
} from '../generated/upstream/v1';
import {
  commitmentAttributeTypeValues,
  commitmentResolutionResolutionValues,
  commitmentStatusValues,
  comparisonOptionPayment_optionValues as paymentOptionValues,
  pathsBetaV1OrgOrg_idCommitmentsGetParametersQueryOrder_byValues as commitmentOrderByValues,
} from '../generated/upstream/beta';
import { partnerPlanRiskRisk_levelValues, purchaseResultStatusValues } from '../generated/upstream/v2';
import type {
  GuaranteeMethod,
  LineItemOrderBy,
  OfferingClass,
  ResourceMatchOrderBy,
} from '../upstream/types';

/** `No Upfront` -> `NO_UPFRONT`, `offer.type` -> `OFFER_TYPE`. */
export function screamingCase(value: string): string {
  return value.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** A graphql-js enum value map (GraphQL name -> internal upstream value). */
export function enumValueMap<T extends string>(values: readonly (T | null)[]): Record<string, T> {
  const map: Record<string, T> = {};
  for (const value of values) if (value !== null) map[screamingCase(value)] = value;
  return map;
}

export const cloudProviderValues = enumValueMap(commitmentOfferProviderValues);
export const contractTermEnumValues = enumValueMap(contractTermValues);
export const commitmentPlanStatusEnumValues = enumValueMap(commitmentPlanStatusValues);
export const paymentOptionEnumValues = enumValueMap(paymentOptionValues);
export const usageTypeEnumValues = enumValueMap(usageTypeValues);
export const commitmentStatusEnumValues = enumValueMap(commitmentStatusValues);
export const commitmentOrderFieldEnumValues = enumValueMap(commitmentOrderByValues);
export const commitmentAttributeTypeEnumValues = enumValueMap(commitmentAttributeTypeValues);
export const partnerPlanRiskLevelEnumValues = enumValueMap(partnerPlanRiskRisk_levelValues);
export const resolutionKindEnumValues = enumValueMap(commitmentResolutionResolutionValues);
export const purchaseStatusEnumValues = enumValueMap(purchaseResultStatusValues);

// Nullable enums in the specs are not exported as lists by openapi-typescript: these lists are checked
// against the generated unions here, and against the specs by test/schema/enums.test.ts.
export const offeringClassEnumValues = enumValueMap<OfferingClass>(['standard', 'convertible']);
export const guaranteeMethodEnumValues = enumValueMap<GuaranteeMethod>(['rebate', 'release']);
export const resourceMatchOrderFieldEnumValues = enumValueMap<NonNullable<ResourceMatchOrderBy>>([
  'id',
  'unmatched_units',
  'total_units',
  'ondemand_price',
  'reserved_cost',
  'explanation_unmatched',
  'coverage',
  'ondemand_cost',
  'covered_ondemand_cost',
  'before_cost',
  'after_cost',
  'covered_units',
  'average_savings',
  'average_monthly_savings',
  'monthly_after_cost',
]);

/**
 * The spec's line-item `order_by` is a nullable enum, which openapi-typescript does not export as a list;
 * this map is checked against the generated union type (and against the spec by a test).
 */
export const lineItemOrderFieldValues = {
  ID: 'id',
  PLAN_ID: 'plan_id',
  OFFER_ID: 'offer_id',
  ACCOUNT_ID: 'account_id',
  AMORTIZED_COST: 'amortized_cost',
  UPFRONT_COST: 'upfront_cost',
  RECURRING_COST: 'recurring_cost',
  TOTAL_COST: 'total_cost',
  SAVINGS: 'savings',
  FEE: 'fee',
  COVERED_ONDEMAND_COST: 'covered_ondemand_cost',
  BEFORE_ONDEMAND_COST: 'before_ondemand_cost',
  BEFORE_RESERVED_COST: 'before_reserved_cost',
  COVERED_UNITS: 'covered_units',
  BEFORE_COST: 'before_cost',
  MONTHLY_SAVINGS: 'monthly_savings',
  BREAKEVEN_HOURS: 'breakeven_hours',
  DISCOUNT_RATE: 'discount_rate',
  MONTHLY_COST: 'monthly_cost',
  SELECTED_QUANTITY: 'selected_quantity',
  OFFER_TYPE: 'offer.type',
  OFFER_DURATION_SECONDS: 'offer.duration_seconds',
} as const satisfies Record<string, NonNullable<LineItemOrderBy>>;
