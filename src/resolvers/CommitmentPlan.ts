import type { CommitmentPlanResolvers } from '../generated/graphql';
import { parseLineItemId, partsOf, planGlobalId } from '../schema/ids';
import { lineItemConnection, resourceMatchConnection } from './plan-lists';

export const CommitmentPlan: CommitmentPlanResolvers = {
  // async: a bad representation rejects its own entry only (a synchronous throw fails the whole _entities batch).
  __resolveReference: async ({ id }, { loaders }) => {
    const [orgId, planId] = partsOf('CommitmentPlan', id) as [string, string];
    return loaders.planById.load({ orgId, planId });
  },
  id: (plan) => planGlobalId(plan.org_id, plan.id),
  archeraId: (plan) => plan.id,
  org: (plan) => ({ id: plan.org_id }),

  lineItems: (plan, args, { loaders }) => lineItemConnection(loaders, plan.org_id, plan.id, args),

  resourceMatches: (plan, args, { loaders }) =>
    resourceMatchConnection(
      loaders,
      plan.org_id,
      plan.id,
      args,
      args.lineItemIds?.map((id) => parseLineItemId(plan.org_id, id)),
    ),
};
