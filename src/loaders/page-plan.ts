/**
 * Maps a window of a list (offset, limit) to the fewest upstream pages. The upstream pages by
 * (page, page_size <= the endpoint's largest), so a window is covered by pages of one size; among the sizes
 * that need the fewest pages we pick the smallest (least over-fetch). The pages are then fetched in parallel.
 */

export interface PagePlan {
  pageSize: number;
  /** 1-based page numbers, ascending. */
  pages: number[];
}

export function planPages(offset: number, limit: number, maxPageSize: number): PagePlan {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer`);
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer`);
  const end = offset + limit; // exclusive
  // k pages always suffice for some size once k >= ceil(limit / max) + 1 (alignment costs at most one page).
  for (let count = Math.ceil(limit / maxPageSize); ; count++) {
    for (let size = Math.ceil(limit / count); size <= maxPageSize; size++) {
      const first = Math.floor(offset / size);
      const last = Math.floor((end - 1) / size);
      if (last - first + 1 <= count) {
        return { pageSize: size, pages: Array.from({ length: last - first + 1 }, (_, i) => first + i + 1) };
      }
    }
  }
}
