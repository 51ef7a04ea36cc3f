import type { ResourceMatchOrderField } from '../generated/graphql';
import { checkDateRange, orUndefined } from '../schema/arguments';
import { listScope, parseConnectionArgs, resolveWindow, type ConnectionArgs } from '../schema/connection';
import type { ResourceMatchConnectionModel } from '../schema/models';
import type { Loaders } from '../loaders';
import type { ResourceMatchListKey } from '../loaders/resource-matches';

export interface ResourceMatchArgs extends ConnectionArgs {
  startDate: string;
  endDate: string;
  orderBy?: ResourceMatchOrderField | null;
  desc?: boolean | null;
}

/** A plan's resource matches as a connection; shared by CommitmentPlan and LineItem (filtered by its id). */
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
  const scope = listScope(list);
  return resolveWindow(
    parseConnectionArgs(args, scope),
    scope,
    (offset, limit) => loaders.resourceMatches.window(list, offset, limit),
    (match) => match,
  );
}
