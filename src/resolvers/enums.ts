import {
  cloudProviderValues,
  commitmentPlanStatusEnumValues,
  contractTermEnumValues,
  lineItemOrderFieldValues,
  offeringClassEnumValues,
  paymentOptionEnumValues,
} from '../graphql/enums';

/** Internal values of the GraphQL enums: the upstream strings (see src/graphql/enums.ts). */
export const enumResolvers = {
  CloudProvider: cloudProviderValues,
  CommitmentPlanStatus: commitmentPlanStatusEnumValues,
  ContractTerm: contractTermEnumValues,
  PaymentOption: paymentOptionEnumValues,
  OfferingClass: offeringClassEnumValues,
  LineItemOrderField: lineItemOrderFieldValues,
};
