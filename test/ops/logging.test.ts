/**
 * Structured request logs: one JSON line per query carrying its request id, the same id the upstream
 * receives as x-request-id and the caller gets back; never the key, query text or variables.
 */
import { DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

let ops: TestGateway;

beforeAll(async () => {
  ops = await startTestGateway({ log: 'info' });
});
afterAll(() => ops.close());

const QUERY = `query PlanNames($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { name } } }`;

function requestLine(requestId: string): Record<string, unknown> | undefined {
  return ops.logLines().find((l) => l.msg === 'graphql request' && l.requestId === requestId);
}

it("puts the caller's x-request-id in the query's log line and sends the same id upstream", async () => {
  ops.simulator.resetCalls();
  const res = await ops.graphql(
    QUERY,
    { org: DEMO_ORG },
    { 'x-api-key': 'demo', 'x-request-id': 'req-7f3a9c' },
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.headers.get('x-request-id')).toBe('req-7f3a9c');

  const line = requestLine('req-7f3a9c');
  expect(line).toMatchObject({
    level: 30,
    service: 'archera-graphql',
    requestId: 'req-7f3a9c',
    operation: 'PlanNames',
    operationType: 'query',
    status: 200,
  });
  expect(typeof line!.durationMs).toBe('number');
  const calls = ops.simulator.calls();
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.map((c) => c.requestId)).toEqual(calls.map(() => line!.requestId));
});

it('generates a request id when the caller sends none (or an unusable one) and uses it everywhere', async () => {
  for (const headers of [
    { 'x-api-key': 'demo' },
    { 'x-api-key': 'demo', 'x-request-id': 'not a valid id; drop table' },
  ] as Array<Record<string, string>>) {
    ops.simulator.resetCalls();
    const res = await ops.graphql(QUERY, { org: DEMO_ORG }, headers);
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLine(id!)).toBeDefined();
    expect(new Set(ops.simulator.calls().map((c) => c.requestId))).toEqual(new Set([id]));
  }
});

it('logs error codes of a failed query, and never the key, query text or variables', async () => {
  const key = 'sk-live-8e1b5d-never-logged';
  const res = await ops.graphql(QUERY, { org: DEMO_ORG }, { 'x-api-key': key, 'x-request-id': 'req-badkey' });
  expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(requestLine('req-badkey')).toMatchObject({ errorCodes: ['UNAUTHENTICATED'], errorCount: 1 });
  const all = JSON.stringify(ops.logLines());
  expect(all).not.toContain(key);
  expect(all).not.toContain('defaultCommitmentPlans');
  expect(all).not.toContain(DEMO_ORG);
});
