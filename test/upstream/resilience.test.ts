/**
 * The transport's resilience against a MockAgent: circuit breaker (fail fast, POSTs never sent while open,
 * half-open recovery), the per-key cap on calls in flight, the call deadline, Retry-After up to 60 s, and
 * answers that lack fields the spec requires.
 */
import { ArcheraClient, type BreakerStateChange } from '../../src/upstream';
import { harness, upstreamError, KEY, ORG, PLAN, PLAN_BODY } from './helpers';

const PLAN_PATH = `/v1/org/${ORG}/commitment-plans/${PLAN}`;

function withClock(options: Parameters<typeof harness>[0] = {}) {
  let now = 0;
  const changes: BreakerStateChange[] = [];
  const h = harness({
    breaker: { failureThreshold: 5, openMs: 1000 },
    onBreakerStateChange: (c) => changes.push(c),
    ...options,
    timing: { now: () => now, ...options.timing },
  });
  h.agent.enableCallHistory();
  const sent = (): number => h.agent.getCallHistory()?.calls().length ?? 0;
  return {
    h,
    changes,
    sent,
    client: new ArcheraClient(h.transport, { apiKey: KEY }),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('circuit breaker', () => {
  test('opens after 5 consecutive failed attempts, then fails fast without sending', async () => {
    const { h, client, sent, changes } = withClock();
    h.pool.intercept({ path: PLAN_PATH }).reply(503, '').persist();
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 3 });
    // The fifth failed attempt opens it: the second call stops there.
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 2 });
    expect(h.transport.breakerState()).toBe('open');
    expect(changes).toEqual([{ origin: 'https://archera.test', state: 'open', previous: 'closed' }]);
    expect(sent()).toBe(5);

    const err = await upstreamError(client.getPlan(ORG, PLAN));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 0, retryAfterSeconds: 1 });
    expect(err.message).toContain('circuit breaker open');
    expect(sent()).toBe(5);
    await h.close();
  });

  test('a POST while it is open fails before sending (attempts 0: not sent)', async () => {
    const { h, client, sent } = withClock({ breaker: { failureThreshold: 1, openMs: 1000 } });
    h.pool.intercept({ path: PLAN_PATH }).reply(500, '');
    await upstreamError(client.getPlan(ORG, PLAN));
    const err = await upstreamError(client.applyPlan(ORG, PLAN, { idempotencyKey: 'k' }));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 0 });
    expect(
      h.agent
        .getCallHistory()
        ?.calls()
        .filter((c) => c.method === 'POST'),
    ).toHaveLength(0);
    expect(sent()).toBe(1);
    await h.close();
  });

  test('half-open: one probe after openMs; its success closes the breaker', async () => {
    const { h, client, advance, changes } = withClock({ breaker: { failureThreshold: 2, openMs: 1000 } });
    h.pool.intercept({ path: PLAN_PATH }).reply(503, '').times(2);
    await upstreamError(client.getPlan(ORG, PLAN));
    expect(h.transport.breakerState()).toBe('open');
    advance(1000);
    h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).persist();
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
    expect(h.transport.breakerState()).toBe('closed');
    expect(changes.map((c) => c.state)).toEqual(['open', 'half-open', 'closed']);
    await h.close();
  });

  test('a failed probe is not retried and opens the breaker again', async () => {
    const { h, client, advance, sent } = withClock({ breaker: { failureThreshold: 1, openMs: 1000 } });
    h.pool.intercept({ path: PLAN_PATH }).reply(503, '').persist();
    await upstreamError(client.getPlan(ORG, PLAN));
    advance(1000);
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ attempts: 1, status: 503 });
    expect(h.transport.breakerState()).toBe('open');
    expect(sent()).toBe(2);
    await h.close();
  });

  test('429s and 4xx show the upstream alive: they never open it', async () => {
    const { h, client } = withClock({ breaker: { failureThreshold: 1, openMs: 1000 } });
    h.pool.intercept({ path: PLAN_PATH }).reply(404, '').times(3);
    h.pool.intercept({ path: PLAN_PATH }).reply(429, '', { headers: { 'retry-after': '120' } });
    for (let i = 0; i < 3; i++) await upstreamError(client.getPlan(ORG, PLAN));
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(h.transport.breakerState()).toBe('closed');
    await h.close();
  });
});

describe('Retry-After', () => {
  test('up to 60 s is waited for (then the call succeeds); over 60 s is RATE_LIMITED at once', async () => {
    const h = harness();
    const client = new ArcheraClient(h.transport, { apiKey: KEY });
    h.pool.intercept({ path: PLAN_PATH }).reply(429, '', { headers: { 'retry-after': '60' } });
    h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY);
    await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
    expect(h.sleeps).toEqual([60_000]);

    h.pool.intercept({ path: PLAN_PATH }).reply(429, '', { headers: { 'retry-after': '61' } });
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 61,
      attempts: 1,
    });
    expect(h.sleeps).toEqual([60_000]);
    await h.close();
  });
});

describe('per-key cap on calls in flight', () => {
  test('calls over the cap wait for a slot; another key is not held up', async () => {
    const h = harness({ keyLimits: { maxInFlight: 2, maxQueued: 10 } });
    h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).delay(100).persist();
    const a = new ArcheraClient(h.transport, { apiKey: KEY });
    const b = new ArcheraClient(h.transport, { apiKey: 'sk-other-key-0000' });
    const done: string[] = [];
    const calls = ['a1', 'a2', 'a3'].map((name) => a.getPlan(ORG, PLAN).then(() => done.push(name)));
    await new Promise((r) => setTimeout(r, 20));
    expect(h.transport.inFlightFor(KEY)).toBe(2);
    await b.getPlan(ORG, PLAN).then(() => done.push('b'));
    await Promise.all(calls);
    // b started after a3 was queued, and finished before it: it did not wait behind a's cap.
    expect(done.indexOf('b')).toBeLessThan(done.indexOf('a3'));
    expect(h.transport.inFlightFor(KEY)).toBe(0);
    await h.close();
  });

  test('a full queue is RATE_LIMITED without sending (a POST is reported not sent)', async () => {
    const h = harness({ keyLimits: { maxInFlight: 1, maxQueued: 0 } });
    h.agent.enableCallHistory();
    h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).delay(100);
    const client = new ArcheraClient(h.transport, { apiKey: KEY });
    const first = client.getPlan(ORG, PLAN);
    await new Promise((r) => setTimeout(r, 10));
    const err = await upstreamError(client.applyPlan(ORG, PLAN, { idempotencyKey: 'k' }));
    expect(err).toMatchObject({ code: 'RATE_LIMITED', attempts: 0, retryAfterSeconds: 1 });
    await first;
    expect(h.agent.getCallHistory()?.calls()).toHaveLength(1);
    await h.close();
  });

  test('waiting for a slot counts against the timeout', async () => {
    const h = harness({ timeoutMs: 1000, keyLimits: { maxInFlight: 1, maxQueued: 10 } });
    h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).delay(5000).persist();
    const client = new ArcheraClient(h.transport, { apiKey: KEY });
    const started = performance.now();
    const [a, b] = await Promise.all([
      upstreamError(client.getPlan(ORG, PLAN)),
      upstreamError(client.getPlan(ORG, PLAN)),
    ]);
    expect(a.code).toBe('UPSTREAM_TIMEOUT');
    expect(b).toMatchObject({ code: 'UPSTREAM_TIMEOUT', attempts: 0 });
    // The acceptance bound: a hung upstream is answered within the timeout + 10%.
    expect(performance.now() - started).toBeLessThan(1100);
    await h.close();
  });
});

describe('the call deadline', () => {
  test('retries share the timeout: a 503 then a hung attempt is answered within timeout + 10%', async () => {
    const h = harness({
      timeoutMs: 1000,
      timing: { sleep: (ms) => new Promise((r) => setTimeout(r, ms)), random: () => 0.5 },
    });
    h.pool.intercept({ path: PLAN_PATH }).reply(503, '').delay(300);
    h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).delay(10_000);
    const client = new ArcheraClient(h.transport, { apiKey: KEY });
    const started = performance.now();
    const err = await upstreamError(client.getPlan(ORG, PLAN));
    const elapsed = performance.now() - started;
    expect(err).toMatchObject({ code: 'UPSTREAM_TIMEOUT', attempts: 2 });
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1100);
    await h.close();
  });

  test('no retry is started without time left for it', async () => {
    let now = 0;
    const h = harness({ timeoutMs: 1000, timing: { now: () => now } });
    // The 503 arrives when 95% of the call's time is gone (on the fake clock).
    h.pool.intercept({ path: PLAN_PATH }).reply(() => {
      now += 950;
      return { statusCode: 503, data: '' };
    });
    const client = new ArcheraClient(h.transport, { apiKey: KEY });
    await expect(client.getPlan(ORG, PLAN)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 1 });
    expect(h.sleeps).toEqual([]);
    await h.close();
  });
});
