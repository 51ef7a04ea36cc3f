import { type GraphQLError } from 'graphql';
import {
  decodeCursor,
  encodeCursor,
  listScope,
  parseConnectionArgs,
  resolveWindow,
  type OffsetPage,
} from '../../src/schema/connection';
import { MAX_PAGE_WINDOW } from '../../src/config/limits';

const scope = listScope({ planId: 'p', orderBy: 'id' });
const data = Array.from({ length: 42 }, (_, i) => i);
const calls: Array<[number, number]> = [];
const fetchWindow = async (offset: number, limit: number): Promise<OffsetPage<number>> => {
  calls.push([offset, limit]);
  return { items: data.slice(offset, offset + limit), total: data.length };
};

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return (err as GraphQLError).extensions?.code;
  }
  return undefined;
}

beforeEach(() => (calls.length = 0));

describe('connection arguments', () => {
  it('refuses first over the cap, negative counts, first with last, bad cursors', () => {
    expect(codeOf(() => parseConnectionArgs({ first: MAX_PAGE_WINDOW + 1 }, scope))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => parseConnectionArgs({ first: -1 }, scope))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => parseConnectionArgs({ first: 1, last: 1 }, scope))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => parseConnectionArgs({ after: 'garbage' }, scope))).toBe('BAD_USER_INPUT');
    const otherScope = listScope({ planId: 'p', orderBy: 'savings' });
    expect(codeOf(() => parseConnectionArgs({ after: encodeCursor(otherScope, 3) }, scope))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('round-trips cursors', () => {
    expect(decodeCursor(encodeCursor(scope, 17), scope, 'after')).toBe(17);
  });
});

describe('resolveWindow', () => {
  it('pages forward with first/after and reports pageInfo exactly', async () => {
    const page1 = await resolveWindow(parseConnectionArgs({ first: 10 }, scope), scope, fetchWindow);
    expect(page1.edges.map((e) => e.node)).toEqual(data.slice(0, 10));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page1.totalCount).toBe(42);
    const page2 = await resolveWindow(
      parseConnectionArgs({ first: 40, after: page1.pageInfo.endCursor }, scope),
      scope,
      fetchWindow,
    );
    expect(page2.edges.map((e) => e.node)).toEqual(data.slice(10, 42));
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(calls).toEqual([
      [0, 10],
      [10, 40],
    ]);
  });

  it('pages backward with last/before', async () => {
    const tail = await resolveWindow(parseConnectionArgs({ last: 5 }, scope), scope, fetchWindow);
    expect(tail.edges.map((e) => e.node)).toEqual([37, 38, 39, 40, 41]);
    expect(tail.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const before = await resolveWindow(
      parseConnectionArgs({ last: 3, before: tail.pageInfo.startCursor }, scope),
      scope,
      fetchWindow,
    );
    expect(before.edges.map((e) => e.node)).toEqual([34, 35, 36]);
  });

  it('returns an empty page past the end', async () => {
    const past = await resolveWindow(
      parseConnectionArgs({ first: 5, after: encodeCursor(scope, 41) }, scope),
      scope,
      fetchWindow,
    );
    expect(past.edges).toEqual([]);
    expect(past.totalCount).toBe(42);
    expect(past.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });
});
