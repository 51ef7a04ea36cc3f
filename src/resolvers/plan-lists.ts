/**
 * A plan's two lists as connections, shared by the fields that show them (CommitmentPlan.lineItems,
 * CommitmentPlan.resourceMatches, LineItem.resourceMatches) and by the look-ahead that starts them before
 * the plan itself is fetched (Org.commitmentPlan).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { CommitmentPlanLineItemsArgs, CommitmentPlanResourceMatchesArgs } from '../generated/graphql';
import type { Loaders } from '../loaders';
import type { LineItemListKey } from '../loaders/line-items';
import type { ResourceMatchListKey } from '../loaders/resource-matches';
import { checkDateRange, orUndefined } from '../schema/arguments';
import { connection } from '../schema/connection';
import { parseLineItemId, parseUuid } from '../schema/ids';
import type { LineItemConnectionModel, ResourceMatchConnectionModel } from '../schema/models';
import { subFieldArguments } from '../schema/lookahead';

/** A plan's line items. */
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
  return connection(loaders.lineItems, list, args);
}

/** The arguments of both resource-match fields (LineItem's has no orderBy and no lineItemIds). */
export type ResourceMatchArgs = Omit<CommitmentPlanResourceMatchesArgs, 'orderBy' | 'desc' | 'lineItemIds'> &
  Partial<Pick<CommitmentPlanResourceMatchesArgs, 'orderBy' | 'desc'>>;

/** A plan's resource matches for a period, all of them or those of some line items. */
export function resourceMatchConnection(
  loaders: Loaders,
  orgId: string,
  planId: string,
  args: ResourceMatchArgs,
  lineItemIds: string[] | undefined,
): Promise<ResourceMatchConnectionModel> {
  checkDateRange(args.startDate, args.endDate);
  const list: ResourceMatchListKey = {
    orgId,
    planId,
    startDate: args.startDate,
    endDate: args.endDate,
    orderBy: orUndefined(args.orderBy),
    desc: orUndefined(args.desc),
    lineItemIds,
  };
  return connection(loaders.resourceMatches, list, args);
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
