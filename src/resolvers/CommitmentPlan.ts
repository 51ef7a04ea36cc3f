import type { CommitmentPlanResolvers } from '../generated/graphql';
import { orUndefined } from '../graphql/arguments';
import { listScope, parseConnectionArgs, resolveWindow } from '../graphql/connection';
import { parseLineItemId, parseUuid, partsOf, planGlobalId } from '../graphql/ids';
import type { LineItemListKey } from '../loaders/line-items';
import { resourceMatchConnection } from './resource-match-connection';

export const CommitmentPlan: CommitmentPlanResolvers = {
  // async: a bad representation rejects its own entry only (a synchronous throw fails the whole _entities batch).
  __resolveReference: async ({ id }, { loaders }) => {
    const [orgId, planId] = partsOf('CommitmentPlan', id) as [string, string];
    return loaders.planById.load({ orgId, planId });
  },
  id: (plan) => planGlobalId(plan.org_id, plan.id),
  archeraId: (plan) => plan.id,
  org: (plan) => ({ id: plan.org_id }),

  lineItems: (plan, args, { loaders }) => {
    const list: LineItemListKey = {
      orgId: plan.org_id,
      planId: plan.id,
      orderBy: orUndefined(args.orderBy),
      desc: orUndefined(args.desc),
      segmentId: orUndefined(args.segmentId),
      resourceMatchIds: args.resourceMatchIds?.map((id) => parseUuid(id, 'resourceMatchIds')),
    };
    const scope = listScope(list);
    return resolveWindow(
      parseConnectionArgs(args, scope),
      scope,
      (offset, limit) => loaders.lineItems.window(list, offset, limit),
      (item) => ({ ...item, org_id: plan.org_id }),
    );
  },

  resourceMatches: (plan, args, { loaders }) =>
    resourceMatchConnection(
      loaders,
      plan.org_id,
      plan.id,
      args,
      args.lineItemIds?.map((id) => parseLineItemId(plan.org_id, id)),
    ),
};
