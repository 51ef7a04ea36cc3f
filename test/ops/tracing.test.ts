/**
 * OpenTelemetry spans, through the real SDK set-up (startTracing) with an in-memory exporter: one for the
 * GraphQL operation, one per resolver that fetches, one per upstream attempt, correctly parented, joined to
 * the caller's trace, and with no key in any attribute.
 */
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { startTracing, tracingConfigured, type TracingRuntime } from '../../src/ops/tracing';
import { planGlobalId } from '../../src/schema/ids';
import { FIXTURES } from '../../src/simulator';
import { DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

const KEY = 'demo';
const exporter = new InMemorySpanExporter();
let tracing: TracingRuntime;
let ops: TestGateway;

beforeAll(async () => {
  tracing = startTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)] })!;
  ops = await startTestGateway({ tracer: tracing.tracer });
});
afterAll(async () => {
  await ops.close();
  await tracing.shutdown(1000);
});
beforeEach(() => exporter.reset());

const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;
const byName = (spans: ReadableSpan[], name: string): ReadableSpan[] => spans.filter((s) => s.name === name);

/** Spans end when their work ends; the operation span ends as the response is sent. */
async function spansOf(traceId?: string): Promise<ReadableSpan[]> {
  await new Promise((r) => setTimeout(r, 20));
  const spans = exporter.getFinishedSpans();
  return traceId ? spans.filter((s) => s.spanContext().traceId === traceId) : spans;
}

it('records the operation, the resolvers that fetch and each upstream call, parented in that order', async () => {
  const res = await ops.graphql(
    `query PlanDrillDown($org: ID!, $plan: ID!) { org(id: $org) { id commitmentPlan(id: $plan) { id name
       lineItems(first: 2) { totalCount nodes { id offer { instanceType } } } } } }`,
    { org: DEMO_ORG, plan: FIXTURES.recommendedPlan.planId },
    { 'x-api-key': 'demo', 'x-request-id': 'trace-req-1' },
  );
  expect(res.body.errors).toBeUndefined();
  const spans = await spansOf();

  const [op] = byName(spans, 'query PlanDrillDown');
  expect(op).toBeDefined();
  expect(op!.kind).toBe(SpanKind.SERVER);
  expect(op!.attributes).toMatchObject({
    'graphql.operation.type': 'query',
    'graphql.operation.name': 'PlanDrillDown',
    'archera.request_id': 'trace-req-1',
  });
  expect(spans.every((s) => s.spanContext().traceId === op!.spanContext().traceId)).toBe(true);

  const [planField] = byName(spans, 'graphql.resolve Org.commitmentPlan');
  const [lineItems] = byName(spans, 'graphql.resolve CommitmentPlan.lineItems');
  expect(planField && lineItems).toBeTruthy();
  expect(parentOf(planField!)).toBe(op!.spanContext().spanId);
  expect(parentOf(lineItems!)).toBe(op!.spanContext().spanId);
  expect(planField!.attributes['graphql.field.path']).toBe('org.commitmentPlan');

  const [getPlan] = byName(spans, 'GET getPlan');
  const [listLineItems] = byName(spans, 'GET listLineItems');
  expect(getPlan!.kind).toBe(SpanKind.CLIENT);
  expect(getPlan!.attributes).toMatchObject({
    'http.request.method': 'GET',
    'http.response.status_code': 200,
    'archera.endpoint': 'getPlan',
    'url.template': '/v1/org/{org_id}/commitment-plans/{plan_id}',
    'archera.attempt': 1,
    'server.address': '127.0.0.1',
  });
  expect(parentOf(getPlan!)).toBe(planField!.spanContext().spanId);
  // The line items are started by the plan lookup's look-ahead (they need only the plan id), so the
  // upstream call belongs to that resolver's span; the lineItems resolver then finds them in its loaders.
  expect(parentOf(listLineItems!)).toBe(planField!.spanContext().spanId);

  // Resolvers that only read their parent (ids, the org scope, the default resolver) make no spans.
  expect(spans.filter((s) => /Query\.org$|\.id$|\.offer$|\.name$/.test(s.name))).toEqual([]);
});

it('never puts the key (or headers) in a span attribute', async () => {
  await ops.graphql(`{ org(id: "${DEMO_ORG}") { partnerPlans { name } } }`, undefined, { 'x-api-key': KEY });
  const spans = await spansOf();
  expect(spans.length).toBeGreaterThan(2);
  for (const span of spans) {
    for (const [name, value] of Object.entries(span.attributes)) {
      expect(name).not.toMatch(/key|header|authorization/i);
      expect(String(value)).not.toContain(KEY);
    }
  }
});

it("joins the caller's trace (traceparent) and marks failed upstream calls and resolvers with their code", async () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const res = await ops.graphql(
    `{ org(id: "${DEMO_ORG}") { commitmentPlan(id: "00000000-0000-4000-8000-000000000000") { name } } }`,
    undefined,
    { 'x-api-key': 'demo', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
  );
  expect(res.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const spans = await spansOf(traceId);
  const [op] = byName(spans, 'query');
  expect(parentOf(op!)).toBe('00f067aa0ba902b7');
  expect(op!.status).toMatchObject({ code: 2, message: 'NOT_FOUND' });
  const [getPlan] = byName(spans, 'GET getPlan');
  expect(getPlan!.attributes).toMatchObject({
    'http.response.status_code': 404,
    'archera.error_code': 'NOT_FOUND',
  });
  expect(byName(spans, 'graphql.resolve Org.commitmentPlan')[0]!.attributes['graphql.error.code']).toBe(
    'NOT_FOUND',
  );
});

it('traces entity resolution: the _entities field, each reference resolver and its upstream call', async () => {
  const plan = FIXTURES.recommendedPlan.planId;
  const res = await ops.graphql(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on CommitmentPlan { name } } }`,
    { r: [{ __typename: 'CommitmentPlan', id: planGlobalId(DEMO_ORG, plan) }] },
  );
  expect(res.body.errors).toBeUndefined();
  const spans = await spansOf();
  const [entities] = byName(spans, 'graphql.resolve Query._entities');
  const [reference] = byName(spans, 'graphql.resolveReference CommitmentPlan');
  const [getPlan] = byName(spans, 'GET getPlan');
  expect(parentOf(reference!)).toBe(entities!.spanContext().spanId);
  expect(parentOf(getPlan!)).toBe(reference!.spanContext().spanId);
});

describe('configuration', () => {
  it('is on only when an OTLP endpoint or a traces exporter is set, and not disabled', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(
      true,
    );
    expect(tracingConfigured({ OTEL_TRACES_EXPORTER: 'console' })).toBe(true);
    expect(
      tracingConfigured({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
    expect(
      tracingConfigured({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBe(false);
  });

  it('starts no SDK when not configured', () => {
    expect(startTracing({ env: {} })).toBeUndefined();
  });
});
