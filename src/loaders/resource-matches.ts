import type { ArcheraClient } from '../upstream';
import type { ResourceMatch, ResourceMatchOrderBy } from '../upstream/answers';
import { type LoaderMode } from './keyed-loader';
import { pagedList, type PagedList } from './paged-list';

export interface ResourceMatchListKey {
  orgId: string;
  planId: string;
  startDate: string;
  endDate: string;
  orderBy?: ResourceMatchOrderBy | undefined;
  desc?: boolean | undefined;
  lineItemIds?: string[] | undefined;
}

export interface ResourceMatchLoaders {
  /**
   * A plan's resource matches. Not batched across line items on purpose: a match does not say which line
   * item it belongs to, so one call filtered by several line_item_ids could not be split back. Each
   * LineItem.resourceMatches is its own filtered call; they all start in the same tick.
   */
  resourceMatches: PagedList<ResourceMatchListKey, ResourceMatch>;
}

export function createResourceMatchLoaders(
  client: ArcheraClient,
  mode: LoaderMode = 'per-request',
): ResourceMatchLoaders {
  return {
    resourceMatches: pagedList<ResourceMatchListKey, ResourceMatch>(
      'listResourceMatches',
      ({ orgId, planId, ...query }) => client.listResourceMatches(orgId, planId, query),
      mode,
    ),
  };
}
