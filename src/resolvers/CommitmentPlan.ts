import type { GraphQLResolveInfo } from 'graphql';
import type {
  CommitmentPlanLineItemsArgs,
  CommitmentPlanResolvers,
  CommitmentPlanResourceMatchesArgs,
} from '../generated/graphql';
import { subFieldArguments } from '../schema/lookahead';
import type { LineItemConnectionModel } from '../schema/models';
import type { Loaders } from '../loaders';
import { orUndefined } from '../schema/arguments';
import { listScope, parseConnectionArgs, resolveWindow } from '../schema/connection';
import { parseLineItemId, parseUuid, partsOf, planGlobalId } from '../schema/ids';
import type { LineItemListKey } from '../loaders/line-items';
import { resourceMatchConnection } from './resource-match-connection';

/** A plan's line items as a connection (also started ahead of the plan by `prefetchPlanLists`). */
export function lineItemConnection(
  loaders: Loaders,
  orgId: string,
  planId: string,
  args: CommitmentPlanLineItemsArgs,
): Promise<LineItemConnectionModel> {
  const list: LineItemListKey = {
    orgId,
    planId,
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
    (item) => ({ ...item, org_id: orgId }),
  );
}

/**
 * Before a plan looked up by id is fetched, starts the line-item and resource-match pages its selection
 * asks for: they need only the org and plan ids, so they run in parallel with the plan instead of after
 * it. The resolvers then find those pages in the request's loaders. A failure here is ignored: the field's
 * own resolver reports it.
 */
export function prefetchPlanLists(
  info: GraphQLResolveInfo,
  loaders: Loaders,
  orgId: string,
  planId: string,
): void {
  const ignore = (): void => undefined;
  for (const args of subFieldArguments(info, 'lineItems')) {
    try {
      lineItemConnection(loaders, orgId, planId, args as CommitmentPlanLineItemsArgs).catch(ignore);
    } catch {
      // Bad arguments: the lineItems resolver refuses them with BAD_USER_INPUT.
    }
  }
  for (const args of subFieldArguments(info, 'resourceMatches')) {
    try {
      const typed = args as CommitmentPlanResourceMatchesArgs;
      resourceMatchConnection(
        loaders,
        orgId,
        planId,
        typed,
        typed.lineItemIds?.map((id) => parseLineItemId(orgId, id)),
      ).catch(ignore);
    } catch {
      // Likewise reported by the resolver.
    }
  }
}

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
