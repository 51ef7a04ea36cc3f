import type DataLoader from 'dataloader';
import type { ArcheraClient, Page } from '../datasources/archera';
import type { OffsetPage } from '../graphql/connection';
import type { LineItem, LineItemOrderBy } from '../upstream/types';
import DataLoaderImpl from 'dataloader';
import type { LineItemModel } from '../graphql/models';
import { perKeyLoader, stableKey } from './keyed-loader';
import { planPages } from './page-plan';

/** The ordering and filters of a line-item list: everything but the page. */
export interface LineItemListKey {
  orgId: string;
  planId: string;
  orderBy?: LineItemOrderBy | undefined;
  desc?: boolean | undefined;
  segmentId?: string | undefined;
}
export interface LineItemPageKey extends LineItemListKey {
  page: number;
  pageSize: number;
}

export interface LineItemKey {
  orgId: string;
  planId: string;
  lineItemId: string;
}

export interface LineItemLoaders {
  /**
   * A line item by id (for `node(id:)`). The upstream has no get-by-id for line items, so this batches for
   * real: all ids of one plan asked in a tick share one scan of the plan's pages (first page, then the rest
   * in parallel). Items found are returned with their org attached.
   */
  lineItemById: DataLoader<LineItemKey, LineItemModel, string>;
  /**
   * One upstream page of a plan's line items. Pages are independent GETs (the upstream has no multi-page
   * call), so this loader does not batch; it dedups identical pages within a request.
   */
  lineItemPages: DataLoader<LineItemPageKey, Page<LineItem>, string>;
  /** A window (offset, limit) of a list: the fewest upstream pages, all fetched in parallel. */
  lineItemWindow(list: LineItemListKey, offset: number, limit: number): Promise<OffsetPage<LineItem>>;
}

export function createLineItemLoaders(client: ArcheraClient): LineItemLoaders {
  const lineItemPages = perKeyLoader<LineItemPageKey, Page<LineItem>>(({ orgId, planId, ...query }) =>
    client.listLineItems(orgId, planId, query),
  );
  const scanPlan = async (orgId: string, planId: string): Promise<LineItem[]> => {
    const pageSize = 100;
    const first = await lineItemPages.load({ orgId, planId, page: 1, pageSize });
    const totalPages = first.pagination.total_pages ?? 1;
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) => lineItemPages.load({ orgId, planId, page: i + 2, pageSize })),
    );
    return [first, ...rest].flatMap((p) => p.items);
  };
  const lineItemById = new DataLoaderImpl<LineItemKey, LineItemModel, string>(
    async (keys) => {
      const scans = new Map<string, Promise<LineItem[]>>();
      return Promise.all(
        keys.map(async ({ orgId, planId, lineItemId }) => {
          const planKey = `${orgId}:${planId}`;
          let scan = scans.get(planKey);
          if (!scan) scans.set(planKey, (scan = scanPlan(orgId, planId)));
          try {
            const item = (await scan).find((i) => i.id === lineItemId);
            return item ? { ...item, org_id: orgId } : new Error(`Line item ${lineItemId} not found in plan ${planId}.`);
          } catch (err) {
            return err instanceof Error ? err : new Error(String(err));
          }
        }),
      );
    },
    { cacheKeyFn: stableKey },
  );
  return {
    lineItemById,
    lineItemPages,
    async lineItemWindow(list, offset, limit) {
      const plan = planPages(offset, limit);
      const pages = await Promise.all(plan.pages.map((page) => lineItemPages.load({ ...list, page, pageSize: plan.pageSize })));
      const firstIndex = ((plan.pages[0] ?? 1) - 1) * plan.pageSize;
      const items = pages.flatMap((p) => p.items).slice(offset - firstIndex, offset - firstIndex + limit);
      return { items, total: pages[0]?.pagination.total ?? 0 };
    },
  };
}
