import type { ContractSpecResolvers, LineItemResolvers } from '../generated/graphql';
import { lineItemGlobalId } from '../schema/ids';
import { resourceMatchConnection } from './plan-lists';

export const LineItem: LineItemResolvers = {
  id: (item) => lineItemGlobalId(item.org_id, item.plan_id, item.id),
  archeraId: (item) => item.id,
  // Usually free: the plan that listed the item is already in this request's loaders.
  plan: (item, _args, { loaders }) => loaders.planById.load({ orgId: item.org_id, planId: item.plan_id }),
  resourceMatches: (item, args, { loaders }) =>
    resourceMatchConnection(loaders, item.org_id, item.plan_id, args, [item.id]),
};

export const ContractSpec: ContractSpecResolvers = {
  properties: (spec) => spec.properties ?? {},
};
