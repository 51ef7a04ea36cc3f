/**
 * GraphQL enums read from or sent to Archera are the SCREAMING_CASE of its values (`aws` -> AWS,
 * `one_year_gris` -> ONE_YEAR_GRIS, `No Upfront` -> NO_UPFRONT). Their internal values are the upstream
 * strings, so resolvers pass upstream data through untouched and graphql-js does the renaming. Each enum is
 * listed once here, with its upstream values from the generated types (openapi-typescript `enumValues`);
 * codegen.yml types them (`enumValues`), and a test checks the two lists agree.
 */
import {
  commitmentPlanLineItem_Exclude_CoveredServicesContract_termValues as contractTermValues,
  commitmentPlanResourceMatchUsage_typeValues as usageTypeValues,
  commitmentPlanStatusValues,
  commitmentOfferProviderValues,
} from '../generated/upstream/v1';
import {
  commitmentAttributeTypeValues,
  pathsBetaV1OrgOrg_idCommitmentsGetParametersQueryProviderValues as commitmentProviderValues,
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

/**
 * The spec's line-item `order_by` is a nullable enum, which openapi-typescript does not export as a list;
 * this list is checked against the generated union type here, and against the spec by a test (likewise
 * offering class, guarantee method and the resource-match `order_by`).
 */
const LINE_ITEM_ORDER = [
  'id',
  'plan_id',
  'offer_id',
  'account_id',
  'amortized_cost',
  'upfront_cost',
  'recurring_cost',
  'total_cost',
  'savings',
  'fee',
  'covered_ondemand_cost',
  'before_ondemand_cost',
  'before_reserved_cost',
  'covered_units',
  'before_cost',
  'monthly_savings',
  'breakeven_hours',
  'discount_rate',
  'monthly_cost',
  'selected_quantity',
  'offer.type',
  'offer.duration_seconds',
] as const satisfies readonly NonNullable<LineItemOrderBy>[];

const RESOURCE_MATCH_ORDER = [
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
] as const satisfies readonly NonNullable<ResourceMatchOrderBy>[];

/** Every GraphQL enum with upstream values, by name: its upstream values. */
export const UPSTREAM_ENUMS = {
  CloudProvider: commitmentOfferProviderValues,
  CommitmentProvider: commitmentProviderValues,
  CommitmentPlanStatus: commitmentPlanStatusValues,
  ContractTerm: contractTermValues,
  PaymentOption: paymentOptionValues,
  OfferingClass: ['standard', 'convertible'] satisfies readonly OfferingClass[],
  LineItemOrderField: LINE_ITEM_ORDER,
  ResourceUsageType: usageTypeValues,
  ResourceMatchOrderField: RESOURCE_MATCH_ORDER,
  CommitmentStatus: commitmentStatusValues,
  GuaranteeMethod: ['rebate', 'release'] satisfies readonly GuaranteeMethod[],
  CommitmentOrderField: commitmentOrderByValues,
  CommitmentAttributeType: commitmentAttributeTypeValues,
  PartnerPlanRiskLevel: partnerPlanRiskRisk_levelValues,
  CommitmentResolutionKind: commitmentResolutionResolutionValues,
  PurchaseStatus: purchaseResultStatusValues,
} as const satisfies Record<string, readonly (string | null)[]>;

/** graphql-js enum value maps (GraphQL name -> internal upstream value) for the resolver map. */
export const enumResolvers = Object.fromEntries(
  Object.entries(UPSTREAM_ENUMS).map(([name, values]) => [
    name,
    Object.fromEntries(
      (values as readonly (string | null)[]).flatMap((v) => (v === null ? [] : [[screamingCase(v), v]])),
    ),
  ]),
) as { [E in keyof typeof UPSTREAM_ENUMS]: Record<string, string> };

/** The upstream value of a LineItemOrderField (codegen's enumValues type for it). */
export type LineItemOrderFieldValue = (typeof LINE_ITEM_ORDER)[number];
