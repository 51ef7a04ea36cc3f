import type { ContractSpecResolvers, LineItemResolvers, OfferResolvers } from '../generated/graphql';
import { paymentOptionFromV1 } from '../graphql/enums';
import { lineItemGlobalId } from '../graphql/ids';
import { resourceMatchConnection } from './resource-match-connection';

export const LineItem: LineItemResolvers = {
  id: (item) => lineItemGlobalId(item.org_id, item.plan_id, item.id),
  archeraId: (item) => item.id,
  // v1 spells payment options 'No Upfront'; the graph's PaymentOption enum holds 'no_upfront'.
  paymentOption: (item) => paymentOptionFromV1(item.payment_option),
  resourceMatches: (item, args, { loaders }) =>
    resourceMatchConnection(loaders, item.org_id, item.plan_id, args, [item.id]),
};

export const Offer: OfferResolvers = {
  paymentOption: (offer) => paymentOptionFromV1(offer.payment_option),
};

export const ContractSpec: ContractSpecResolvers = {
  properties: (spec) => spec.properties ?? {},
};
