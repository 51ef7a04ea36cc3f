import DataLoader from 'dataloader';
import type { ArcheraClient } from '../upstream';
import type { LineItem, LineItemOrderBy } from '../upstream/answers';
import { dataLoaderOptions, toError, type LoaderMode } from './keyed-loader';
import { pagedList, type PagedList } from './paged-list';

/** The ordering and filters of a line-item list: everything but the page. */
export interface LineItemListKey {
  orgId: string;
  planId: string;
  orderBy?: LineItemOrderBy | undefined;
  desc?: boolean | undefined;
  segmentId?: string | undefined;
  resourceMatchIds?: string[] | undefined;
}

export interface LineItemKey {
  orgId: string;
  planId: string;
  lineItemId: string;
}

export interface LineItemLoaders {
  lineItems: PagedList<LineItemListKey, LineItem>;
  /**
   * A line item by id (for `node(id:)`). The upstream has no get-by-id for line items, so this batches for
   * real: all ids of one plan asked in a tick share one scan of the plan's pages (first page, then the
   * rest in parallel), and those pages are the same loader entries a connection would use.
   */
  lineItemById: DataLoader<LineItemKey, LineItem, string>;
}

export function createLineItemLoaders(
  client: ArcheraClient,
  mode: LoaderMode = 'per-request',
): LineItemLoaders {
  const lineItems = pagedList<LineItemListKey, LineItem>(
    'listLineItems',
    ({ orgId, planId, ...query }) => client.listLineItems(orgId, planId, query),
    mode,
  );
  const lineItemById = new DataLoader<LineItemKey, LineItem, string>(async (keys) => {
    const scans = new Map<string, Promise<LineItem[]>>();
    return Promise.all(
      keys.map(async ({ orgId, planId, lineItemId }) => {
        const planKey = `${orgId}:${planId}`;
        let scan = scans.get(planKey);
        if (!scan) scans.set(planKey, (scan = lineItems.all({ orgId, planId })));
        try {
          const item = (await scan).find((i) => i.id === lineItemId);
          return item ?? new Error(`Line item ${lineItemId} not found in plan ${planId}.`);
        } catch (err) {
          return toError(err);
        }
      }),
    );
  }, dataLoaderOptions(mode));
  return { lineItems, lineItemById };
}
