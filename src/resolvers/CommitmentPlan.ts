import type { CommitmentPlanResolvers } from '../generated/graphql';
import { listScope, parseConnectionArgs, resolveWindow } from '../graphql/connection';
import { badUserInput } from '../graphql/errors';
import { decodeGlobalId, planGlobalId } from '../graphql/ids';
import type { LineItemListKey } from '../loaders/line-items';

export const CommitmentPlan: CommitmentPlanResolvers = {
  __resolveReference: async ({ id }, { loaders }) => {
    const decoded = decodeGlobalId(id);
    if (decoded?.type !== 'CommitmentPlan') throw badUserInput('Not a CommitmentPlan global id.', 'id');
    const [orgId, planId] = decoded.parts as [string, string];
    return loaders.planById.load({ orgId, planId });
  },
  id: (plan) => planGlobalId(plan.org_id, plan.id),
  archeraId: (plan) => plan.id,
  org: (plan) => ({ id: plan.org_id }),
  lineItems: async (plan, args, { loaders }) => {
    const list: LineItemListKey = {
      orgId: plan.org_id,
      planId: plan.id,
      orderBy: args.orderBy ?? undefined,
      desc: args.desc ?? undefined,
      segmentId: args.segmentId ?? undefined,
    };
    const scope = listScope(list);
    const window = parseConnectionArgs(args, scope);
    return resolveWindow(
      window,
      scope,
      (offset, limit) => loaders.lineItemWindow(list, offset, limit),
      (item) => ({ ...item, org_id: plan.org_id }),
    );
  },
};
