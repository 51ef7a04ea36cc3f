/**
 * Relay connections over offset-paginated upstream lists. Arguments are checked before any upstream call;
 * cursors are opaque offsets bound to the list's ordering and filters, so a cursor from one ordering cannot
 * silently page another.
 */
import { createHash } from 'node:crypto';
import { DEFAULT_PAGE_WINDOW, MAX_PAGE_WINDOW } from '../config/limits';
import type { ListWindow, PagedList } from '../loaders/paged-list';
import { badUserInput } from './errors';
import type { ConnectionModel, EdgeModel } from './models';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** What the window resolver needs from a list: one page of it, and the total it reports. */
export type OffsetPage<T> = ListWindow<T>;
export type FetchWindow<T> = (offset: number, limit: number) => Promise<OffsetPage<T>>;

export function listScope(parts: object): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 8);
}

export function encodeCursor(scope: string, offset: number): string {
  return Buffer.from(`c:${scope}:${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, scope: string, argument: string): number {
  const match = /^c:([A-Za-z0-9_-]+):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badUserInput(`\`${argument}\` is not a valid cursor.`, argument);
  if (match[1] !== scope) {
    throw badUserInput(`\`${argument}\` is a cursor of another list, ordering or filter.`, argument);
  }
  return Number(match[2]);
}

function checkCount(value: number | null | undefined, argument: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 0)
    throw badUserInput(`\`${argument}\` must be a non-negative integer.`, argument);
  if (value > MAX_PAGE_WINDOW)
    throw badUserInput(`\`${argument}\` must be at most ${MAX_PAGE_WINDOW} (got ${value}).`, argument);
  return value;
}

export interface Window {
  /** Offset of the first item. */
  start: number;
  /** Exclusive end, when known without the list's total. */
  end: number | undefined;
  first: number | undefined;
  last: number | undefined;
}

/**
 * The list's cursor scope, or how to work it out: a hash, needed only to decode a cursor argument or to
 * encode a cursor that is selected.
 */
export type CursorScope = string | (() => string);

const scopeText = (scope: CursorScope): string => (typeof scope === 'string' ? scope : scope());

/** Validates the Relay arguments and turns them into offsets. Throws BAD_USER_INPUT; calls nothing. */
export function parseConnectionArgs(args: ConnectionArgs, scope: CursorScope): Window {
  const first = checkCount(args.first, 'first');
  const last = checkCount(args.last, 'last');
  if (first !== undefined && last !== undefined) {
    throw badUserInput('Pass `first` or `last`, not both.', 'last');
  }
  const start = args.after ? decodeCursor(args.after, scopeText(scope), 'after') + 1 : 0;
  const end = args.before ? decodeCursor(args.before, scopeText(scope), 'before') : undefined;
  if (end !== undefined && end < start) throw badUserInput('`before` must come after `after`.', 'before');
  return { start, end, first: first ?? (last === undefined ? DEFAULT_PAGE_WINDOW : undefined), last };
}

/**
 * Resolves a connection window. With `first` (the common case) this is one fetch of the window, however
 * many upstream pages it spans. `last` without `before` needs the total first: one extra small fetch.
 */
export async function resolveWindow<T>(
  window: Window,
  scope: CursorScope,
  fetchWindow: FetchWindow<T>,
): Promise<ConnectionModel<T>> {
  let { start, end } = window;
  let total: number | undefined;
  if (window.last !== undefined) {
    if (end === undefined) {
      total = (await fetchWindow(0, 1)).total;
      end = total;
    }
    start = Math.max(start, end - window.last);
  } else if (window.first !== undefined) {
    end = end === undefined ? start + window.first : Math.min(end, start + window.first);
  }
  const limit = (end ?? start) - start;
  let items: T[] = [];
  if (limit > 0) {
    const page = await fetchWindow(start, limit);
    items = page.items.slice(0, limit);
    total = page.total;
  } else if (total === undefined) {
    total = (await fetchWindow(0, 1)).total;
  }
  return connectionModel(items, start, total ?? 0, scope);
}

/**
 * A window as the graph's connection. Edges and cursors are made when they are selected (a query that reads
 * `nodes` and `totalCount` never encodes a cursor or makes an edge per item).
 */
function connectionModel<T>(
  items: T[],
  start: number,
  totalCount: number,
  scope: CursorScope,
): ConnectionModel<T> {
  let edges: Array<EdgeModel<T>> | undefined;
  const cursorAt = (i: number): string | null =>
    i >= 0 && i < items.length ? encodeCursor(scopeText(scope), start + i) : null;
  return {
    get edges(): Array<EdgeModel<T>> {
      const text = items.length > 0 ? scopeText(scope) : '';
      return (edges ??= items.map((item, i) => ({ cursor: encodeCursor(text, start + i), node: item })));
    },
    nodes: items,
    totalCount,
    pageInfo: {
      // The total is known, so both directions are answered exactly (Relay allows more than it requires).
      hasPreviousPage: start > 0 && totalCount > 0,
      hasNextPage: start + items.length < totalCount,
      get startCursor(): string | null {
        return cursorAt(0);
      },
      get endCursor(): string | null {
        return cursorAt(items.length - 1);
      },
    },
  };
}

/** A list whose windows the per-request loaders fetch (their PagedList), by its ordering and filters `K`. */
export type WindowSource<K extends object, T> = Pick<PagedList<K, T>, 'window'>;

/**
 * Every connection of the graph: the list's ordering and filters scope its cursors, the arguments are
 * checked before any upstream call, and the window is one fetch however many upstream pages it spans.
 */
export function connection<K extends object, T>(
  source: WindowSource<K, T>,
  list: K,
  args: ConnectionArgs,
): Promise<ConnectionModel<T>> {
  let scope: string | undefined;
  const scopeOf = (): string => (scope ??= listScope(list));
  return resolveWindow(parseConnectionArgs(args, scopeOf), scopeOf, (offset, limit) =>
    source.window(list, offset, limit),
  );
}
