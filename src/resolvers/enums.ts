import {
  cloudProviderValues,
  commitmentAttributeTypeEnumValues,
  commitmentOrderFieldEnumValues,
  commitmentPlanStatusEnumValues,
  commitmentStatusEnumValues,
  contractTermEnumValues,
  guaranteeMethodEnumValues,
  lineItemOrderFieldValues,
  offeringClassEnumValues,
  partnerPlanRiskLevelEnumValues,
  paymentOptionEnumValues,
  resolutionKindEnumValues,
  resourceMatchOrderFieldEnumValues,
  usageTypeEnumValues,
} from '../graphql/enums';

/** Internal values of the GraphQL enums: the upstream strings (see src/graphql/enums.ts). */
export const enumResolvers = {
  CloudProvider: cloudProviderValues,
  CommitmentPlanStatus: commitmentPlanStatusEnumValues,
  ContractTerm: contractTermEnumValues,
  PaymentOption: paymentOptionEnumValues,
  OfferingClass: offeringClassEnumValues,
  LineItemOrderField: lineItemOrderFieldValues,
  ResourceUsageType: usageTypeEnumValues,
  ResourceMatchOrderField: resourceMatchOrderFieldEnumValues,
  CommitmentStatus: commitmentStatusEnumValues,
  GuaranteeMethod: guaranteeMethodEnumValues,
  CommitmentOrderField: commitmentOrderFieldEnumValues,
  CommitmentAttributeType: commitmentAttributeTypeEnumValues,
  PartnerPlanRiskLevel: partnerPlanRiskLevelEnumValues,
  CommitmentResolutionKind: resolutionKindEnumValues,
};
