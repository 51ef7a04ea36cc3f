/** Pure pieces: query/path building, X-Pagination, Retry-After, backoff, the retry budget, error codes. */
import {
  buildQuery,
  classifyNetworkError,
  fillPath,
  parseBaseUrl,
  parsePagination,
} from '../../src/upstream/http';
import { RetryBudget, DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfter } from '../../src/upstream/retry';
import { codeForStatus } from '../../src/upstream/errors';

describe('http helpers', () => {
  test('buildQuery repeats arrays, drops null/undefined, encodes values', () => {
    expect(buildQuery({ a: ['x', 'y z'], b: undefined, c: null, d: true, e: 0, f: [] })).toBe(
      '?a=x&a=y+z&d=true&e=0',
    );
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });

  test('fillPath encodes segments, escapes dot segments, reports empty ones', () => {
    expect(fillPath('/o/{a}/p/{b}', { a: 'x y', b: '..' })).toEqual({ path: '/o/x%20y/p/%2E%2E' });
    expect(fillPath('/o/{a}/p/{b}', { a: 'x' })).toEqual({ missing: 'b' });
  });

  test('parseBaseUrl splits origin and prefix, refuses what cannot be a base', () => {
    expect(parseBaseUrl('https://api.archera.ai')).toEqual({ origin: 'https://api.archera.ai', prefix: '' });
    expect(parseBaseUrl('http://h:8080/a/b/')).toEqual({ origin: 'http://h:8080', prefix: '/a/b' });
    expect(() => parseBaseUrl('ftp://h')).toThrow(TypeError);
    expect(() => parseBaseUrl('https://u:p@h')).toThrow(/credentials/);
    expect(() => parseBaseUrl('https://h/?x=1')).toThrow(TypeError);
    expect(() => parseBaseUrl('nope')).toThrow(TypeError);
  });

  test('parsePagination keeps known integer fields, tolerates nulls, rejects garbage', () => {
    expect(parsePagination('{"total":5,"page":1,"next_page":null,"extra":"x"}')).toEqual({
      total: 5,
      page: 1,
    });
    expect(parsePagination(['{"total":1}'])).toEqual({ total: 1 });
    expect(parsePagination('{"total":1.5}')).toBeUndefined();
    expect(parsePagination('{"total":-1}')).toBeUndefined();
    expect(parsePagination('{}')).toBeUndefined();
    expect(parsePagination('null')).toBeUndefined();
    expect(parsePagination(undefined)).toBeUndefined();
  });

  test('network errors are classified by code, including wrapped ones', () => {
    expect(classifyNetworkError({ code: 'ECONNREFUSED' })).toBe('not-sent');
    expect(classifyNetworkError(new AggregateError([{ code: 'ECONNREFUSED' }]))).toBe('not-sent');
    expect(classifyNetworkError({ code: 'UND_ERR_SOCKET' })).toBe('connection');
    expect(classifyNetworkError({ cause: { code: 'ECONNRESET' } })).toBe('connection');
    expect(classifyNetworkError({ code: 'UND_ERR_INVALID_ARG' })).toBe('local');
    expect(classifyNetworkError(new Error('x'))).toBe('other');
  });

  test('status codes map per the DESIGN error table', () => {
    expect([400, 401, 403, 404, 409, 422, 429, 500, 503, 301, 418].map(codeForStatus)).toEqual([
      'BAD_USER_INPUT',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'BAD_USER_INPUT',
      'RATE_LIMITED',
      'UPSTREAM_ERROR',
      'UPSTREAM_ERROR',
      'UPSTREAM_ERROR',
      'UPSTREAM_ERROR',
    ]);
  });
});

describe('retry helpers', () => {
  test('parseRetryAfter reads seconds and HTTP-dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test('full-jitter backoff grows exponentially up to maxDelayMs', () => {
    const p = DEFAULT_RETRY_POLICY;
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(p, n, () => 0.999))).toEqual([24, 49, 99, 199, 249]);
    expect(backoffDelayMs(p, 3, () => 0)).toBe(0);
  });

  test('the budget: floor per second, earned tokens per request, capped', () => {
    let now = 0;
    const budget = new RetryBudget(
      { ...DEFAULT_RETRY_POLICY, budgetRatio: 0.25, budgetMinPerSecond: 2, budgetMaxTokens: 3 },
      () => now,
    );
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    for (let i = 0; i < 4; i++) budget.deposit();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    for (let i = 0; i < 100; i++) budget.deposit();
    expect(budget.available()).toBe(3);
    now += 500;
    expect(budget.available()).toBe(4);
  });
});
