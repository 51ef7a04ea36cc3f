import type { ContractSpecResolvers, LineItemResolvers } from '../generated/graphql';
import { lineItemGlobalId } from '../schema/ids';
import { resourceMatchConnection } from './plan-lists';

export const LineItem: LineItemResolvers = {
  id: (item) => lineItemGlobalId(item.org_id, item.plan_id, item.id),
  archeraId: (item) => item.id,
  resourceMatches: (item, args, { loaders }) =>
    resourceMatchConnection(loaders, item.org_id, item.plan_id, args, [item.id]),
};

export const ContractSpec: ContractSpecResolvers = {
  properties: (spec) => spec.properties ?? {},
};
