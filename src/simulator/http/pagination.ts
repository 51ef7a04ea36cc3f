/**
 * Page slicing and the X-Pagination header (PaginationMetadata as JSON), following flask-smorest's
 * convention; first_page, last_page and page are always present, previous/next only when they exist.
 */
import type { PaginationMetadata } from '../../upstream/types';

export interface Page<T> {
  items: T[];
  metadata: PaginationMetadata;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const total = items.length;
  const totalPages = Math.ceil(total / pageSize);
  const lastPage = Math.max(1, totalPages);
  const metadata: PaginationMetadata = {
    total,
    total_pages: totalPages,
    first_page: 1,
    last_page: lastPage,
    page,
  };
  if (page > 1 && page <= lastPage) metadata.previous_page = page - 1;
  if (page < lastPage) metadata.next_page = page + 1;
  const start = (page - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), metadata };
}

export function paginationHeader(metadata: PaginationMetadata): Record<string, string> {
  return { 'X-Pagination': JSON.stringify(metadata) };
}
