/** Fault injection (each kind, times/skip), global latency, and the /__simulator admin endpoints. */
import { request } from 'node:http';
import { FIXTURES, startSimulator, type FaultRule, type StartedSimulator } from '../../src/simulator';
import { call, CHILD, commitments, DEMO, partner, plans } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
  sim.resetState();
  sim.resetCalls();
});
afterAll(() => sim.close());

const planPath = `${plans(DEMO)}/${FIXTURES.recommendedPlan.planId}`;
const getPlan = () => call(sim.url, planPath);

/** Raw HTTP so a reset shows as the socket error it is. */
function raw(
  path: string,
  method = 'GET',
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${sim.url}${path}`,
      { method, headers: { 'x-api-key': 'demo' }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('fault kinds', () => {
  it("'status' answers the status with an ApiErrorResponse and Retry-After", async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'status', status: 503, retryAfter: '1' }]);
    const r = await getPlan();
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('1');
    expect(r.body).toMatchObject({
      type: 'ServiceUnavailable',
      message: expect.any(String),
      timestamp: expect.any(String),
    });
    sim.setFaults([{ kind: 'status', status: 429, retryAfter: '120' }]);
    const limited = await call(sim.url, `${partner(CHILD)}/default`);
    expect([limited.status, limited.headers.get('retry-after'), limited.body.type]).toEqual([
      429,
      '120',
      'TooManyRequests',
    ]);
    expect(sim.calls().map((c) => c.status)).toEqual([503, 429]);
  });

  it("'delay' waits, then answers normally", async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'delay', delayMs: 150 }]);
    const started = Date.now();
    const r = await getPlan();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(r.status).toBe(200);
    expect(r.body.id).toBe(FIXTURES.recommendedPlan.planId);
  });

  it("'reset' drops the connection without answering or changing state", async () => {
    sim.setFaults([{ endpoint: 'applyPlan', kind: 'reset' }]);
    await expect(raw(`${planPath}/apply`, 'POST')).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|ECONNREFUSED|EPIPE/),
    });
    expect((await getPlan()).body.status).toBe(FIXTURES.recommendedPlan.status);
    expect(sim.callsTo('applyPlan')).toEqual([expect.objectContaining({ status: 0 })]);
  });

  it("'reset-after-commit' applies the change, then drops the connection", async () => {
    sim.setFaults([{ endpoint: 'applyPlan', kind: 'reset-after-commit', times: 1 }]);
    await expect(raw(`${planPath}/apply`, 'POST')).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect((await getPlan()).body.status).toBe('scheduled');
    // The client cannot know; a retry now conflicts.
    expect((await call(sim.url, `${planPath}/apply`, { method: 'POST' })).status).toBe(409);
  });

  it("'non-json' answers 200 with an HTML page", async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'non-json' }]);
    const r = await raw(planPath);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(() => JSON.parse(r.body)).toThrow();
  });

  it("'truncated' cuts the JSON body in half", async () => {
    const full = await raw(planPath);
    sim.setFaults([{ endpoint: 'getPlan', kind: 'truncated' }]);
    const cut = await raw(planPath);
    expect(cut.status).toBe(200);
    expect(cut.body).toBe(full.body.slice(0, Math.floor(full.body.length / 2)));
    expect(() => JSON.parse(cut.body)).toThrow();
  });

  it("'drop-required-field' removes a required field", async () => {
    sim.setFaults([
      { endpoint: 'getPlan', kind: 'drop-required-field' },
      { endpoint: 'getDefaultPlans', kind: 'drop-required-field' },
    ]);
    const r = await getPlan();
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('id');
    expect(r.body).toHaveProperty('savings_hourly');
    const list = await call(sim.url, `${plans(DEMO)}/default`, { query: { provider: 'aws' } });
    expect(list.body.every((p: object) => !('id' in p))).toBe(true);
    sim.clearFaults();
    // The stored data is untouched.
    expect((await getPlan()).body).toHaveProperty('id');
  });

  it("'drop-required-field' removes the period's coverage from daily coverage", async () => {
    sim.setFaults([{ endpoint: 'getDailyCoverage', kind: 'drop-required-field' }]);
    const query = { provider: 'aws', start_date: '2026-11-01', end_date: '2026-11-08' };
    const r = await call(sim.url, `${commitments(DEMO)}/metrics/daily-coverage`, { query });
    expect(r.status).toBe(200);
    expect(r.body).not.toHaveProperty('coverage');
    expect(r.body.daily).toHaveLength(7);
    sim.clearFaults();
    const again = await call(sim.url, `${commitments(DEMO)}/metrics/daily-coverage`, { query });
    expect(again.body).toHaveProperty('coverage');
  });
});

describe('fault matching', () => {
  it('honours skip and times', async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'status', status: 500, skip: 1, times: 2 }]);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await getPlan()).status);
    expect(statuses).toEqual([200, 500, 500, 200, 200]);
  });

  it('only hits the named endpoint; the first armed rule wins and delays add up', async () => {
    sim.setFaults([
      { endpoint: 'getPlan', kind: 'delay', delayMs: 60 },
      { endpoint: '*', kind: 'delay', delayMs: 60 },
      { endpoint: 'getPlan', kind: 'status', status: 502, times: 1 },
      { endpoint: 'getPlan', kind: 'status', status: 504 },
    ]);
    const started = Date.now();
    expect((await getPlan()).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect((await getPlan()).status).toBe(504);
    expect((await call(sim.url, `${plans(DEMO)}/default`, { query: { provider: 'aws' } })).status).toBe(200);
  });

  it('rejects invalid rules', () => {
    const bad = [
      [{ kind: 'explode' }],
      [{ kind: 'status' }],
      [{ kind: 'status', status: 99 }],
      [{ kind: 'delay' }],
      [{ kind: 'reset', endpoint: 'getEverything' }],
      [{ kind: 'reset', times: -1 }],
      [{ kind: 'reset', colour: 'red' }],
    ] as unknown as FaultRule[][];
    for (const rules of bad) expect(() => sim.setFaults(rules)).toThrow();
  });

  it('applies faults given at start', async () => {
    const other = await startSimulator({
      faults: [{ kind: 'status', status: 500, times: 1 }],
      latencyMs: 30,
    });
    try {
      const started = Date.now();
      expect((await call(other.url, planPath)).status).toBe(500);
      expect(Date.now() - started).toBeGreaterThanOrEqual(25);
      expect((await call(other.url, planPath)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('latency and shutdown', () => {
  it('delays every response by the global latency', async () => {
    sim.setLatency(80);
    const started = Date.now();
    await Promise.all([getPlan(), call(sim.url, `${plans(DEMO)}/default`, { query: { provider: 'aws' } })]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
  });

  it('closes promptly even with a long delay pending', async () => {
    const other = await startSimulator({ faults: [{ kind: 'delay', delayMs: 60_000 }] });
    const pending = call(other.url, planPath).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    // The request fails (the connection is gone) rather than hanging.
    expect(await pending).toMatchObject({ message: expect.any(String) });
    expect(await pending).not.toHaveProperty('status');
  });
});

describe('admin endpoints', () => {
  const admin = (path: string, method = 'GET', body?: unknown) =>
    call(sim.url, `/__simulator${path}`, { method, body, key: null });

  it('lists and clears calls, without logging themselves', async () => {
    await getPlan();
    const calls = await admin('/calls');
    expect(calls.status).toBe(200);
    expect(calls.body).toEqual([expect.objectContaining({ endpoint: 'getPlan', status: 200 })]);
    expect((await admin('/calls', 'DELETE')).status).toBe(204);
    expect((await admin('/calls')).body).toEqual([]);
  });

  it('sets and clears faults', async () => {
    expect(
      (await admin('/faults', 'PUT', [{ endpoint: 'getPlan', kind: 'status', status: 503, times: 1 }]))
        .status,
    ).toBe(204);
    expect((await admin('/faults')).body).toEqual([
      { endpoint: 'getPlan', kind: 'status', status: 503, times: 1 },
    ]);
    expect((await getPlan()).status).toBe(503);
    expect((await getPlan()).status).toBe(200);
    const bad = await admin('/faults', 'PUT', { kind: 'reset' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/array/);
    expect((await admin('/faults', 'PUT', '[{')).status).toBe(400);
    expect((await admin('/faults', 'DELETE')).status).toBe(204);
  });

  it('sets latency and resets state', async () => {
    expect((await admin('/latency', 'PUT', { ms: 60 })).status).toBe(204);
    const started = Date.now();
    await getPlan();
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect((await admin('/latency', 'PUT', { ms: -1 })).status).toBe(400);
    expect((await admin('/latency', 'PUT', { ms: 0 })).status).toBe(204);

    expect((await call(sim.url, `${planPath}/apply`, { method: 'POST' })).status).toBe(200);
    expect((await admin('/reset', 'POST')).status).toBe(204);
    expect((await getPlan()).body.status).toBe(FIXTURES.recommendedPlan.status);
  });

  it('answers 404 and 405 on its own unknown paths and methods', async () => {
    expect((await admin('/nothing')).status).toBe(404);
    const wrong = await admin('/reset', 'GET');
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
