import { errors } from 'undici';
import { ArcheraClient } from '../../src/upstream';
import {
  harness,
  upstreamError,
  type Harness,
  JSON_HEADERS,
  KEY,
  ORG,
  PLAN,
  PLAN_BODY,
  PURCHASE_BODY,
} from './helpers';

const PLAN_PATH = `/v1/org/${ORG}/commitment-plans/${PLAN}`;
const APPLY_PATH = `${PLAN_PATH}/apply`;
const LINE_ITEMS = `${PLAN_PATH}/line-items`;

let h: Harness;
let client: ArcheraClient;

beforeEach(() => {
  h = harness();
  client = new ArcheraClient(h.transport, { apiKey: KEY, requestId: 'req-123' });
});

afterEach(async () => {
  await h.close();
});

function intercept(path: string | ((p: string) => boolean), method: 'GET' | 'POST' = 'GET') {
  return h.pool.intercept({ path, method });
}

describe('requests', () => {
  test('GET forwards the key, accept and x-request-id, and parses the JSON body', async () => {
    let seen: Record<string, string> = {};
    intercept(PLAN_PATH).reply((opts) => {
      seen = opts.headers as Record<string, string>;
      return { statusCode: 200, data: PLAN_BODY, responseOptions: { headers: JSON_HEADERS } };
    });
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
    expect(seen['x-api-key']).toBe(KEY);
    expect(seen['accept']).toBe('application/json');
    expect(seen['x-request-id']).toBe('req-123');
    expect(seen['idempotency-key']).toBeUndefined();
    expect(h.events).toEqual([
      expect.objectContaining({
        endpoint: 'getPlan',
        method: 'GET',
        status: 200,
        attempt: 1,
        retried: false,
      }),
    ]);
  });

  test('POST sends Idempotency-Key and a JSON body', async () => {
    let seen: { headers: Record<string, string>; body: unknown } = { headers: {}, body: undefined };
    h.pool.intercept({ path: `/v2/org/${ORG}/partners/plans/purchase`, method: 'POST' }).reply((opts) => {
      seen = { headers: opts.headers as Record<string, string>, body: opts.body };
      return { statusCode: 200, data: PURCHASE_BODY };
    });
    await client.purchasePartnerPlan(
      ORG,
      { planId: 'plan_abc123', confirm: true },
      { idempotencyKey: 'idem-1' },
    );
    expect(seen.headers['idempotency-key']).toBe('idem-1');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-api-key']).toBe(KEY);
    expect(JSON.parse(String(seen.body))).toEqual({ plan_id: 'plan_abc123', confirm: true });
  });

  test('arrays become repeated query parameters; undefined and null are dropped', async () => {
    let path = '';
    intercept((p) => p.startsWith(`${PLAN_PATH}/resource-matches`)).reply((opts) => {
      path = opts.path;
      return {
        statusCode: 200,
        data: [],
        responseOptions: { headers: { 'x-pagination': '{"total":0,"page":1}' } },
      };
    });
    await client.listResourceMatches(ORG, PLAN, {
      startDate: '2024-01-01',
      endDate: '2024-01-31',
      lineItemIds: ['a', 'b'],
      desc: false,
      orderBy: null,
      pageSize: undefined,
    });
    const url = new URL(path, 'http://x');
    expect(url.searchParams.getAll('line_item_ids')).toEqual(['a', 'b']);
    expect(url.searchParams.get('desc')).toBe('false');
    expect(url.searchParams.has('order_by')).toBe(false);
    expect(url.searchParams.has('page_size')).toBe(false);
    expect(path).toContain('line_item_ids=a&line_item_ids=b');
  });

  test('path parameters are URL-encoded and empty ones are refused before sending', async () => {
    let path = '';
    intercept(() => true).reply((opts) => {
      path = opts.path;
      return { statusCode: 200, data: PLAN_BODY };
    });
    await client.getPlan(ORG, 'a/b?c=d');
    expect(path).toBe(`/v1/org/${ORG}/commitment-plans/a%2Fb%3Fc%3Dd`);
    const err = await upstreamError(client.getPlan(ORG, ''));
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', attempts: 0 });
    expect(err.message).toContain('plan_id');
  });

  test('a base URL path prefix is kept', async () => {
    const prefixed = harness({ baseUrl: 'https://archera.test/proxy/archera/' });
    let path = '';
    prefixed.pool.intercept({ path: () => true }).reply((opts) => {
      path = opts.path;
      return { statusCode: 200, data: PLAN_BODY };
    });
    await new ArcheraClient(prefixed.transport, { apiKey: KEY }).getPlan(ORG, PLAN);
    expect(path).toBe(`/proxy/archera${PLAN_PATH}`);
    await prefixed.close();
  });

  test('X-Pagination is parsed into PaginationMetadata', async () => {
    const pagination = {
      total: 251,
      total_pages: 3,
      first_page: 1,
      last_page: 3,
      page: 2,
      previous_page: 1,
      next_page: 3,
    };
    intercept((p) => p.startsWith(LINE_ITEMS)).reply(200, [], {
      headers: { 'x-pagination': JSON.stringify(pagination) },
    });
    const page = await client.listLineItems(ORG, PLAN, { page: 2, pageSize: 100 });
    expect(page).toEqual({ items: [], pagination });
  });

  test.each([
    ['missing', undefined],
    ['not JSON', 'total=3'],
    ['not an object', '[1,2]'],
    ['not whole numbers', '{"total":"many"}'],
  ])('X-Pagination %s on a paginated endpoint -> UPSTREAM_ERROR', async (_name, header) => {
    intercept((p) => p.startsWith(LINE_ITEMS)).reply(
      200,
      [],
      header === undefined ? {} : { headers: { 'x-pagination': header } },
    );
    const err = await upstreamError(client.listLineItems(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 200, endpoint: 'listLineItems' });
    expect(err.message).toContain('X-Pagination');
  });

  test('204 -> null for the recommended plan', async () => {
    intercept(`/v1/org/${ORG}/commitment-plans/recommended?provider=aws`).reply(204, '');
    await expect(client.getRecommendedPlan(ORG, 'aws')).resolves.toBeNull();
  });

  test('204 where a body is required -> UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH).reply(204, '');
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 204 });
  });

  test('a body of the wrong shape -> UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH).reply(200, [PLAN_BODY]);
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
  });
});

describe('status mapping', () => {
  test.each([
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [400, 'BAD_USER_INPUT'],
    [422, 'BAD_USER_INPUT'],
    [405, 'UPSTREAM_ERROR'],
    [302, 'UPSTREAM_ERROR'],
  ])('%i -> %s, not retried', async (status, code) => {
    intercept(PLAN_PATH).reply(status, { message: `upstream says ${status}`, timestamp: 't', type: 'x' });
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code, status, attempts: 1, endpoint: 'getPlan' });
    expect(h.sleeps).toEqual([]);
  });

  test('422 keeps the upstream message', async () => {
    intercept(PLAN_PATH).reply(422, {
      code: 422,
      status: 'Unprocessable Entity',
      message: 'page_size must be <= 100',
    });
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err.code).toBe('BAD_USER_INPUT');
    expect(err.upstreamMessage).toBe('page_size must be <= 100');
    expect(err.message).toContain('page_size must be <= 100');
  });

  test('422 field errors (webargs style) are kept with the message', async () => {
    intercept(PLAN_PATH).reply(422, {
      code: 422,
      status: 'Unprocessable Entity',
      message: 'Invalid request',
      errors: { query: { page_size: ['Must be between 1 and 100.'], provider: ['Missing.'] } },
    });
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err.upstreamMessage).toBe(
      'Invalid request: query.page_size: Must be between 1 and 100.; query.provider: Missing.',
    );
  });

  test('a 4xx with a non-JSON body still maps by status', async () => {
    intercept(PLAN_PATH).reply(404, '<html>not here</html>');
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'NOT_FOUND', upstreamMessage: undefined });
  });

  test('500 is not retried -> UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH).reply(500, { message: 'boom', timestamp: 't', type: 'x' });
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 500, attempts: 1 });
    expect(h.sleeps).toEqual([]);
  });

  test('non-JSON 200 body -> UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH).reply(200, '<html>gateway page</html>', {
      headers: { 'content-type': 'text/html' },
    });
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 200 });
  });

  test('truncated JSON 200 body -> UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH).reply(200, JSON.stringify(PLAN_BODY).slice(0, 20), { headers: JSON_HEADERS });
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 200 });
    expect(err.message).toContain('not valid JSON');
  });

  test('a POST 200 whose body cannot be read is a success all the same (it happened upstream), read as null', async () => {
    intercept(APPLY_PATH, 'POST').reply(200, '{"id":');
    await expect(client.applyPlan(ORG, PLAN, { idempotencyKey: 'k' })).resolves.toBeNull();
  });

  test('a POST 2xx of another shape is a success, with what could be read', async () => {
    intercept(APPLY_PATH, 'POST').reply(202, JSON.stringify({ data: { state: 'queued' } }), {
      headers: JSON_HEADERS,
    });
    await expect(client.applyPlan(ORG, PLAN, { idempotencyKey: 'k' })).resolves.toMatchObject({
      data: { state: 'queued' },
      org_id: ORG,
    });
    intercept(APPLY_PATH, 'POST').reply(201, '[1, 2]', { headers: JSON_HEADERS });
    await expect(client.applyPlan(ORG, PLAN, { idempotencyKey: 'k2' })).resolves.toBeNull();
  });
});

describe('retries', () => {
  test('503 on a GET is retried, then succeeds', async () => {
    intercept(PLAN_PATH).reply(503, 'unavailable');
    intercept(PLAN_PATH).reply(200, PLAN_BODY);
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
    expect(h.sleeps).toHaveLength(1);
    // Full jitter with random() = 0.5: half of baseDelayMs (25) for the first retry.
    expect(h.sleeps[0]).toBe(12);
    expect(h.events.map((e) => [e.attempt, e.status, e.retried])).toEqual([
      [1, 503, true],
      [2, 200, false],
    ]);
  });

  test.each([502, 504])('%i on a GET is retried', async (status) => {
    intercept(PLAN_PATH).reply(status, '');
    intercept(PLAN_PATH).reply(200, PLAN_BODY);
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
  });

  test('503 on a GET exhausted after 3 attempts -> UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH).reply(503, '').times(3);
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 503, attempts: 3 });
    expect(err.message).toContain('after 3 attempts');
    // Exponential caps 25, 50 with random() = 0.5.
    expect(h.sleeps).toEqual([12, 25]);
    expect(h.agent.pendingInterceptors()).toHaveLength(0);
  });

  test('POST on 503 is sent exactly once', async () => {
    let calls = 0;
    intercept(APPLY_PATH, 'POST')
      .reply(() => {
        calls += 1;
        return { statusCode: 503, data: '' };
      })
      .persist();
    const err = await upstreamError(client.applyPlan(ORG, PLAN, { idempotencyKey: 'idem-2' }));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 503, attempts: 1 });
    expect(calls).toBe(1);
    expect(h.sleeps).toEqual([]);
  });

  test('POST on 429 is not retried either', async () => {
    let calls = 0;
    intercept(APPLY_PATH, 'POST')
      .reply(() => {
        calls += 1;
        return { statusCode: 429, data: '', responseOptions: { headers: { 'retry-after': '1' } } };
      })
      .persist();
    await expect(client.applyPlan(ORG, PLAN)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
    });
    expect(calls).toBe(1);
  });

  test('429 honours Retry-After in seconds', async () => {
    intercept(PLAN_PATH).reply(429, '', { headers: { 'retry-after': '2' } });
    intercept(PLAN_PATH).reply(200, PLAN_BODY);
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
    expect(h.sleeps).toEqual([2000]);
  });

  test('429 honours Retry-After as an HTTP-date', async () => {
    const inThreeSeconds = new Date(Date.now() + 3000).toUTCString();
    intercept(PLAN_PATH).reply(429, '', { headers: { 'retry-after': inThreeSeconds } });
    intercept(PLAN_PATH).reply(200, PLAN_BODY);
    await client.getPlan(ORG, PLAN);
    expect(h.sleeps).toHaveLength(1);
    expect(h.sleeps[0]).toBeGreaterThanOrEqual(2000);
    expect(h.sleeps[0]).toBeLessThanOrEqual(3000);
  });

  test('429 with a Retry-After too long to wait -> RATE_LIMITED at once', async () => {
    intercept(PLAN_PATH).reply(429, '', { headers: { 'retry-after': '120' } });
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 120, attempts: 1 });
    expect(h.sleeps).toEqual([]);
  });

  test('429 exhausted -> RATE_LIMITED with retryAfterSeconds', async () => {
    intercept(PLAN_PATH)
      .reply(429, '', { headers: { 'retry-after': '1' } })
      .times(3);
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1, attempts: 3 });
    expect(h.sleeps).toEqual([1000, 1000]);
  });

  test('429 without Retry-After backs off and still reports a retryAfterSeconds', async () => {
    intercept(PLAN_PATH).reply(429, '').times(3);
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1, attempts: 3 });
    expect(h.sleeps).toEqual([12, 25]);
  });

  test('a connection reset on a GET is retried', async () => {
    intercept(PLAN_PATH).replyWithError(new errors.SocketError('other side closed'));
    intercept(PLAN_PATH).replyWithError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    intercept(PLAN_PATH).reply(200, PLAN_BODY);
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
    expect(h.sleeps).toHaveLength(2);
  });

  test('connection refused on a GET is retried, then UPSTREAM_ERROR', async () => {
    intercept(PLAN_PATH)
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))
      .times(3);
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 3 });
    expect(err.message).toContain('ECONNREFUSED');
  });

  test('an unrecognised error on a GET is not retried', async () => {
    intercept(PLAN_PATH).replyWithError(new Error('weird'));
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 1 });
  });

  test('a POST reset after sending -> OUTCOME_UNKNOWN, sent once', async () => {
    intercept(APPLY_PATH, 'POST').replyWithError(new errors.SocketError('other side closed')).persist();
    h.agent.enableCallHistory();
    const err = await upstreamError(client.applyPlan(ORG, PLAN, { idempotencyKey: 'k' }));
    expect(err).toMatchObject({ code: 'OUTCOME_UNKNOWN', attempts: 1 });
    expect(err.message).toContain('not resent');
    expect(h.agent.getCallHistory()?.calls()).toHaveLength(1);
  });

  test('a POST whose connection was refused (nothing sent) -> UPSTREAM_ERROR', async () => {
    intercept(APPLY_PATH, 'POST').replyWithError(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    );
    const err = await upstreamError(client.applyPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 1 });
    expect(err.message).toContain('nothing was sent');
  });

  test('the retry budget stops retries when exhausted, and refills with time', async () => {
    let now = 0;
    const b = harness({
      retry: { budgetRatio: 0, budgetMinPerSecond: 1 },
      timing: { now: () => now },
    });
    const c = new ArcheraClient(b.transport, { apiKey: KEY });
    b.pool.intercept({ path: PLAN_PATH }).reply(503, '').persist();
    // One floor token: the first call gets one retry, then the budget is empty.
    await expect(c.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 2 });
    await expect(c.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 1 });
    expect(b.sleeps).toHaveLength(1);
    now += 1000;
    await expect(c.getPlan(ORG, PLAN)).rejects.toMatchObject({ attempts: 2 });
    await b.close();
  });

  test('requests earn retry tokens at budgetRatio', async () => {
    const b = harness({ retry: { budgetRatio: 0.5, budgetMinPerSecond: 0 }, timing: { now: () => 0 } });
    const c = new ArcheraClient(b.transport, { apiKey: KEY });
    b.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).times(2);
    await c.getPlan(ORG, PLAN);
    await c.getPlan(ORG, PLAN);
    expect(b.transport.retryBudgetAvailable()).toBe(1);
    b.pool.intercept({ path: PLAN_PATH }).reply(503, '').persist();
    // This call deposits 0.5 more: one retry possible (1.5 tokens), the second is refused.
    await expect(c.getPlan(ORG, PLAN)).rejects.toMatchObject({ attempts: 2 });
    await b.close();
  });
});

describe('timeouts', () => {
  test('a GET slower than the timeout -> UPSTREAM_TIMEOUT within timeout + 10%, not retried', async () => {
    const t = harness({ timeoutMs: 1000 });
    const c = new ArcheraClient(t.transport, { apiKey: KEY });
    t.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).delay(5000).persist();
    const started = performance.now();
    const err = await upstreamError(c.getPlan(ORG, PLAN));
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ code: 'UPSTREAM_TIMEOUT', attempts: 1 });
    expect(err.message).toContain('1000 ms');
    expect(elapsed).toBeGreaterThanOrEqual(995);
    expect(elapsed).toBeLessThan(1100);
    expect(t.sleeps).toEqual([]);
    await t.close();
  });

  test('a POST timeout -> OUTCOME_UNKNOWN, sent once', async () => {
    const t = harness({ timeoutMs: 100 });
    const c = new ArcheraClient(t.transport, { apiKey: KEY });
    t.agent.enableCallHistory();
    t.pool.intercept({ path: APPLY_PATH, method: 'POST' }).reply(200, PLAN_BODY).delay(2000).persist();
    const err = await upstreamError(c.applyPlan(ORG, PLAN, { idempotencyKey: 'k' }));
    expect(err).toMatchObject({ code: 'OUTCOME_UNKNOWN', attempts: 1 });
    expect(err.message).toContain('outcome is unknown');
    expect(t.agent.getCallHistory()?.calls()).toHaveLength(1);
    await t.close();
  });

  test('the caller signal cancels a call in flight', async () => {
    const controller = new AbortController();
    const c = new ArcheraClient(h.transport, { apiKey: KEY, signal: controller.signal });
    intercept(PLAN_PATH).reply(200, PLAN_BODY).delay(500);
    setTimeout(() => controller.abort(), 20);
    const err = await upstreamError(c.getPlan(ORG, PLAN));
    expect(err.code).toBe('UPSTREAM_ERROR');
    expect(err.message).toContain('cancelled');
  });

  test('an already aborted caller signal sends nothing', async () => {
    const c = new ArcheraClient(h.transport, { apiKey: KEY, signal: AbortSignal.abort() });
    await expect(c.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 0 });
  });
});
