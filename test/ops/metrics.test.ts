/**
 * /metrics: Prometheus text with the request series (by bounded operation name), the upstream series (by
 * endpoint and status), retries, breaker state and cache lookups; never a key or query text in a label.
 */
import { GatewayMetrics, MAX_OPERATION_LABELS, OperationLabels } from '../../src/ops/metrics';
import { DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';
import { sample } from '../helpers/metrics';

const SECRET_KEY = 'sk-live-4f9a2c0e7b1d-never-a-label';
let ops: TestGateway;

beforeAll(async () => {
  ops = await startTestGateway();
});
afterAll(() => ops.close());

async function scrape(): Promise<{ contentType: string | null; text: string }> {
  const res = await fetch(`${ops.origin}/metrics`);
  expect(res.status).toBe(200);
  return { contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('after a few queries', () => {
  let text: string;
  let contentType: string | null;

  beforeAll(async () => {
    const overview = `query SavingsOverview($org: ID!) { org(id: $org) { recommendedCommitmentPlan(provider: AWS) { name } } }`;
    expect((await ops.graphql(overview, { org: DEMO_ORG })).body.errors).toBeUndefined();
    expect((await ops.graphql(overview, { org: DEMO_ORG })).body.errors).toBeUndefined();
    // Anonymous, with a NOT_FOUND error (partial data).
    await ops.graphql(
      `{ org(id: "${DEMO_ORG}") { commitmentPlan(id: "00000000-0000-4000-8000-000000000000") { name } } }`,
    );
    // Not even parsed: the operation is unknown (and its text never a label).
    await ops.graphql('query Broken { org(id: ');
    // A key the upstream refuses: UNAUTHENTICATED, and the key appears nowhere.
    await ops.graphql(`query WithBadKey { org(id: "${DEMO_ORG}") { partnerPlans { name } } }`, undefined, {
      'x-api-key': SECRET_KEY,
    });
    // No key at all (the server has none): refused before any operation runs.
    await fetch(`${ops.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    // One 503 then success: a retry.
    ops.simulator.setFaults([{ endpoint: 'getDefaultPlans', kind: 'status', status: 503, times: 1 }]);
    const retried = await ops.graphql(
      `query Retried { org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { name } } }`,
    );
    expect(retried.body.errors).toBeUndefined();
    ({ text, contentType } = await scrape());
  });

  it('is Prometheus text format', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(text).toContain('# TYPE archera_graphql_requests_total counter');
    expect(text).toContain('# TYPE archera_graphql_request_duration_seconds histogram');
  });

  it('counts requests and their latency by operation name, type and result', () => {
    const op = { operation: 'SavingsOverview', type: 'query' };
    expect(sample(text, 'archera_graphql_requests_total', { ...op, result: 'success' })).toBe(2);
    expect(sample(text, 'archera_graphql_request_duration_seconds_count', op)).toBe(2);
    expect(sample(text, 'archera_graphql_request_duration_seconds_bucket', { ...op, le: '+Inf' })).toBe(2);
    expect(
      sample(text, 'archera_graphql_requests_total', {
        operation: 'anonymous',
        type: 'query',
        result: 'error',
      }),
    ).toBe(1);
    expect(sample(text, 'archera_graphql_errors_total', { operation: 'anonymous', code: 'NOT_FOUND' })).toBe(
      1,
    );
    expect(
      sample(text, 'archera_graphql_errors_total', { operation: 'WithBadKey', code: 'UNAUTHENTICATED' }),
    ).toBe(1);
  });

  it('labels what never became an operation `unknown`, including requests refused before one', () => {
    expect(
      sample(text, 'archera_graphql_requests_total', {
        operation: 'unknown',
        type: 'unknown',
        result: 'error',
      }),
    ).toBe(2);
    expect(
      sample(text, 'archera_graphql_errors_total', { operation: 'unknown', code: 'GRAPHQL_PARSE_FAILED' }),
    ).toBe(1);
    expect(
      sample(text, 'archera_graphql_errors_total', { operation: 'unknown', code: 'UNAUTHENTICATED' }),
    ).toBe(1);
    expect(text).not.toContain('Broken');
  });

  it('counts upstream calls by endpoint, method, status and code, and their latency', () => {
    expect(
      sample(text, 'archera_graphql_upstream_requests_total', {
        endpoint: 'getRecommendedPlan',
        method: 'GET',
        status: '200',
        code: 'OK',
      }),
    ).toBe(2);
    expect(
      sample(text, 'archera_graphql_upstream_requests_total', {
        endpoint: 'getPlan',
        method: 'GET',
        status: '404',
        code: 'NOT_FOUND',
      }),
    ).toBe(1);
    expect(
      sample(text, 'archera_graphql_upstream_request_duration_seconds_count', {
        endpoint: 'getRecommendedPlan',
        method: 'GET',
      }),
    ).toBe(2);
  });

  it('counts retries and the failed attempt that caused them', () => {
    expect(
      sample(text, 'archera_graphql_upstream_requests_total', {
        endpoint: 'getDefaultPlans',
        method: 'GET',
        status: '503',
        code: 'UPSTREAM_ERROR',
      }),
    ).toBe(1);
    expect(
      sample(text, 'archera_graphql_upstream_retries_total', {
        endpoint: 'getDefaultPlans',
        code: 'UPSTREAM_ERROR',
      }),
    ).toBe(1);
    expect(text).toMatch(/^archera_graphql_upstream_retry_budget_tokens \d/m);
  });

  it('exposes the breaker state, requests in flight and process metrics', () => {
    expect(sample(text, 'archera_graphql_upstream_circuit_state', { state: 'closed' })).toBe(1);
    expect(sample(text, 'archera_graphql_upstream_circuit_state', { state: 'open' })).toBe(0);
    // The scrape itself is in flight.
    expect(text).toMatch(/^archera_graphql_http_requests_in_flight 1$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it('never carries a key or query text', () => {
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain('demo');
    expect(text).not.toContain('org(id');
    expect(text).not.toContain(DEMO_ORG);
  });
});

describe('operation labels', () => {
  it('are bounded: anonymous, unknown for unresolved or odd names, other past the cap', () => {
    const labels = new OperationLabels(3);
    expect(labels.label(true, undefined)).toBe('anonymous');
    expect(labels.label(true, '')).toBe('anonymous');
    expect(labels.label(false, 'Whatever')).toBe('unknown');
    expect(labels.label(true, 'x'.repeat(101))).toBe('unknown');
    expect(labels.label(true, 'has space')).toBe('unknown');
    expect(['A', 'B', 'C', 'D', 'A'].map((n) => labels.label(true, n))).toEqual([
      'A',
      'B',
      'C',
      'other',
      'A',
    ]);
    expect(MAX_OPERATION_LABELS).toBeLessThanOrEqual(500);
  });

  it('one registry per gateway: two gateways in a process do not collide', () => {
    const a = new GatewayMetrics({ processMetrics: false });
    const b = new GatewayMetrics({ processMetrics: false });
    expect(a.registry).not.toBe(b.registry);
  });
});
