import type { ContractSpecResolvers, LineItemResolvers, OfferResolvers } from '../generated/graphql';
import { paymentOptionFromV1 } from '../graphql/enums';
import { lineItemGlobalId } from '../graphql/ids';

export const LineItem: LineItemResolvers = {
  id: (item) => lineItemGlobalId(item.org_id, item.plan_id, item.id),
  archeraId: (item) => item.id,
  // v1 spells payment options 'No Upfront'; the graph's PaymentOption enum holds 'no_upfront'.
  paymentOption: (item) => paymentOptionFromV1(item.payment_option),
};

export const Offer: OfferResolvers = {
  paymentOption: (offer) => paymentOptionFromV1(offer.payment_option),
};

export const ContractSpec: ContractSpecResolvers = {
  properties: (spec) => spec.properties ?? {},
};
