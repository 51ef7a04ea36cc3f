import type DataLoader from 'dataloader';
import type { Page } from '../upstream';
import { perKeyLoader, type LoaderMode } from './keyed-loader';
import { ENDPOINTS, type PagedEndpoint } from '../upstream/endpoints';
import { planPages } from './page-plan';

export interface PageRequest {
  page: number;
  pageSize: number;
}

/** A window of a list: its items and the list's total (what a Relay connection needs). */
export interface ListWindow<T> {
  items: T[];
  total: number;
}

export interface PagedList<K extends object, T> {
  /**
   * One upstream page of a list. Pages are independent GETs (the upstream has no multi-page call), so this
   * does not batch; it dedups identical pages within a request.
   */
  pages: DataLoader<K & PageRequest, Page<T>, string>;
  /** A window (offset, limit) of a list: the fewest upstream pages, all fetched in parallel. */
  window(list: K, offset: number, limit: number): Promise<ListWindow<T>>;
  /** Every item of a list: the first page, then all the others in parallel. */
  all(list: K): Promise<T[]>;
}

export function pagedList<K extends object, T>(
  endpoint: PagedEndpoint,
  fetchPage: (request: K & PageRequest) => Promise<Page<T>>,
  mode: LoaderMode = 'per-request',
): PagedList<K, T> {
  const maxPageSize = ENDPOINTS[endpoint].maxPageSize;
  const pages = perKeyLoader<K & PageRequest, Page<T>>(fetchPage, mode);
  return {
    pages,
    async window(list, offset, limit) {
      const plan = planPages(offset, limit, maxPageSize);
      const fetched = await Promise.all(
        plan.pages.map((page) => pages.load({ ...list, page, pageSize: plan.pageSize })),
      );
      const skip = offset - ((plan.pages[0] ?? 1) - 1) * plan.pageSize;
      return {
        items: fetched.flatMap((p) => p.items).slice(skip, skip + limit),
        total: fetched[0]?.pagination.total ?? 0,
      };
    },
    async all(list) {
      const pageSize = Math.min(100, maxPageSize);
      const first = await pages.load({ ...list, page: 1, pageSize });
      const totalPages = first.pagination.total_pages ?? 1;
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, totalPages - 1) }, (_, i) =>
          pages.load({ ...list, page: i + 2, pageSize }),
        ),
      );
      return [first, ...rest].flatMap((p) => p.items);
    },
  };
}
