/**
 * ArcheraClient over loopback against the Archera simulator: every one of the 15 methods with real data,
 * the status mapping with real error bodies, and fault injection showing what is (and is not) retried.
 */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { ArcheraClient, ArcheraTransport, type ArcheraTransportOptions } from '../../src/upstream';
import { upstreamError } from './helpers';

const DEMO = FIXTURES.orgs.demo;
const CHILD = FIXTURES.orgs.child;
const KEY = FIXTURES.keys.demo;

let sim: StartedSimulator;
const transports: ArcheraTransport[] = [];
let transport: ArcheraTransport;
let client: ArcheraClient;
let sleeps: number[] = [];

/** Backoff is recorded and skipped so Retry-After: 1 does not cost a second. */
function makeTransport(options: Partial<ArcheraTransportOptions> = {}): ArcheraTransport {
  const t = new ArcheraTransport({
    baseUrl: sim.url,
    timeoutMs: 5000,
    timing: {
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
    },
    ...options,
  });
  transports.push(t);
  return t;
}

function clientFor(t: ArcheraTransport, apiKey: string = KEY): ArcheraClient {
  return new ArcheraClient(t, { apiKey, requestId: 'sim-test' });
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

beforeEach(() => {
  sleeps = [];
  // A fresh transport per test: each gets a full retry budget.
  transport = makeTransport();
  client = clientFor(transport);
});

afterEach(async () => {
  sim.clearFaults();
  sim.resetCalls();
  sim.resetState();
  await Promise.all(transports.splice(0).map((t) => t.close()));
});

afterAll(async () => {
  await sim.close();
});

describe('the 15 methods', () => {
  test('getPlan', async () => {
    const plan = await client.getPlan(DEMO, FIXTURES.largePlan.planId);
    expect(plan).toMatchObject({
      id: FIXTURES.largePlan.planId,
      org_id: DEMO,
      name: FIXTURES.largePlan.name,
    });
    expect(sim.callsTo('getPlan')[0]).toMatchObject({ requestId: 'sim-test', status: 200 });
  });

  test('applyPlan sends the Idempotency-Key once', async () => {
    const plan = await client.applyPlan(DEMO, FIXTURES.recommendedPlan.planId, { idempotencyKey: 'apply-1' });
    expect(plan).toMatchObject({ id: FIXTURES.recommendedPlan.planId, status: 'scheduled' });
    expect(sim.callsTo('applyPlan')).toEqual([
      expect.objectContaining({ idempotencyKey: 'apply-1', method: 'POST' }),
    ]);
  });

  test('getDefaultPlans', async () => {
    const plans = await client.getDefaultPlans(DEMO, 'aws');
    expect(plans.map((p) => p.id).sort()).toEqual([...FIXTURES.defaultPlanIds[DEMO].aws].sort());
  });

  test('getRecommendedPlan: a plan, and null on 204', async () => {
    await expect(client.getRecommendedPlan(DEMO, 'aws')).resolves.toMatchObject({ org_id: DEMO });
    await expect(client.getRecommendedPlan(DEMO, FIXTURES.noRecommendedPlan.provider)).resolves.toBeNull();
  });

  test('listLineItems pages through a plan of more than 250 items', async () => {
    const { planId, lineItemCount } = FIXTURES.largePlan;
    expect(lineItemCount).toBeGreaterThan(250);
    const last = Math.ceil(lineItemCount / 100);
    const page = await client.listLineItems(DEMO, planId, {
      page: last,
      pageSize: 100,
      orderBy: 'savings',
      desc: true,
    });
    expect(page.items).toHaveLength(lineItemCount - (last - 1) * 100);
    expect(page.pagination).toMatchObject({ total: lineItemCount, page: last });
    expect(page.items[0]).toMatchObject({ plan_id: planId });
  });

  test('listResourceMatches, with repeated line_item_ids', async () => {
    const { planId } = FIXTURES.largePlan;
    const items = await client.listLineItems(DEMO, planId, { pageSize: 2 });
    const ids = items.items.map((i) => i.id);
    const page = await client.listResourceMatches(DEMO, planId, {
      startDate: FIXTURES.dataRange.start,
      endDate: FIXTURES.lastDataDay,
      pageSize: 10,
      lineItemIds: ids,
    });
    expect(page.items.length).toBeLessThanOrEqual(10);
    expect(typeof page.pagination.total).toBe('number');
    expect(sim.callsTo('listResourceMatches')[0]?.query['line_item_ids']).toEqual(ids);
  });

  test('getPartnerDefaultPlans', async () => {
    const plans = await client.getPartnerDefaultPlans(CHILD);
    expect(plans.map((p) => p.id)).toEqual(FIXTURES.partnerPlans[CHILD]);
  });

  test('purchasePartnerPlan sends the body and the Idempotency-Key', async () => {
    const { orgId, planId } = FIXTURES.partnerPlan;
    const result = await client.purchasePartnerPlan(
      orgId,
      { planId, confirm: true },
      { idempotencyKey: 'buy-1' },
    );
    expect(result).toMatchObject({ plan_id: planId, org_id: orgId });
    expect(sim.callsTo('purchasePartnerPlan')).toEqual([
      expect.objectContaining({ idempotencyKey: 'buy-1', body: { plan_id: planId, confirm: true } }),
    ]);
  });

  test('listCommitments', async () => {
    const page = await client.listCommitments(DEMO, { provider: 'aws', onlyActive: false, pageSize: 50 });
    expect(page.items).toHaveLength(50);
    expect(page.pagination.total).toBe(FIXTURES.commitmentCounts[DEMO].aws.total);
  });

  test('listCommitmentAttributes and listCommitmentAttributeValues', async () => {
    const attributes = await client.listCommitmentAttributes(DEMO);
    expect(attributes.map((a) => a.field)).toContain('type');
    const values = await client.listCommitmentAttributeValues(DEMO, 'type', { provider: 'aws' });
    expect(values.length).toBeGreaterThan(0);
  });

  test('getCommitmentSummary', async () => {
    const summary = await client.getCommitmentSummary(DEMO, 'aws');
    expect(summary.total_active_commitments).toBe(FIXTURES.commitmentCounts[DEMO].aws.active);
  });

  test('getCommitmentComparison, with repeated commitment_ids', async () => {
    const ids = [FIXTURES.commitment.commitmentId, FIXTURES.guaranteedCommitment.commitmentId];
    const comparison = await client.getCommitmentComparison(DEMO, { provider: 'aws', commitmentIds: ids });
    expect(comparison).toEqual(expect.any(Object));
    expect(sim.callsTo('getCommitmentComparison')[0]?.query['commitment_ids']).toEqual(ids);
  });

  test('getCommitmentMetrics', async () => {
    const metrics = await client.getCommitmentMetrics(DEMO, {
      provider: 'aws',
      startDate: FIXTURES.dataRange.start,
      endDate: FIXTURES.lastDataDay,
    });
    expect(metrics).toHaveProperty('totals');
  });

  test('getCommitmentDetails', async () => {
    const details = await client.getCommitmentDetails(DEMO, FIXTURES.commitment.commitmentId);
    expect(details).toMatchObject({ id: FIXTURES.commitment.commitmentId });
  });
});

describe('status mapping with real error bodies', () => {
  test('an unknown key -> UNAUTHENTICATED', async () => {
    const err = await upstreamError(
      clientFor(transport, 'not-a-key').getPlan(DEMO, FIXTURES.largePlan.planId),
    );
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, attempts: 1 });
  });

  test("another tenant's org -> FORBIDDEN", async () => {
    const { orgId, planId } = FIXTURES.otherTenantPlan;
    await expect(client.getPlan(orgId, planId)).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  test('an unknown org -> NOT_FOUND', async () => {
    await expect(client.getDefaultPlans(FIXTURES.orgs.unknown, 'aws')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      status: 404,
    });
  });

  test('applying a completed plan -> CONFLICT', async () => {
    await expect(client.applyPlan(DEMO, FIXTURES.completedPlan.planId)).rejects.toMatchObject({
      code: 'CONFLICT',
      status: 409,
    });
  });

  test('a page size over the limit -> BAD_USER_INPUT with the upstream message', async () => {
    const err = await upstreamError(
      client.listLineItems(DEMO, FIXTURES.largePlan.planId, { pageSize: 1000 }),
    );
    expect(err).toMatchObject({ code: 'BAD_USER_INPUT', status: 422 });
    expect(err.upstreamMessage).toContain('page_size');
  });
});

describe('faults', () => {
  const planId = FIXTURES.largePlan.planId;

  test('a GET on 503 is retried: the simulator sees 2 calls', async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'status', status: 503, times: 1 }]);
    await expect(client.getPlan(DEMO, planId)).resolves.toMatchObject({ id: planId });
    expect(sim.callsTo('getPlan').map((c) => c.status)).toEqual([503, 200]);
  });

  test('a GET on 503 every time: 3 calls, then UPSTREAM_ERROR', async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'status', status: 503 }]);
    await expect(client.getPlan(DEMO, planId)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 3 });
    expect(sim.callsTo('getPlan')).toHaveLength(3);
  });

  test('a GET on 500 is not retried', async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'status', status: 500 }]);
    await expect(client.getPlan(DEMO, planId)).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 500 });
    expect(sim.callsTo('getPlan')).toHaveLength(1);
  });

  test('a POST on 503 is not retried: the simulator sees 1 call', async () => {
    sim.setFaults([{ endpoint: 'applyPlan', kind: 'status', status: 503 }]);
    await expect(
      client.applyPlan(DEMO, FIXTURES.recommendedPlan.planId, { idempotencyKey: 'a-503' }),
    ).rejects.toMatchObject({ code: 'UPSTREAM_ERROR', status: 503, attempts: 1 });
    expect(sim.callsTo('applyPlan')).toHaveLength(1);
  });

  test('a POST reset after commit -> OUTCOME_UNKNOWN, sent once, and the purchase did happen', async () => {
    sim.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'reset-after-commit' }]);
    const { orgId, planId: partnerPlanId } = FIXTURES.partnerPlan;
    const err = await upstreamError(
      client.purchasePartnerPlan(
        orgId,
        { planId: partnerPlanId, confirm: true },
        { idempotencyKey: 'buy-reset' },
      ),
    );
    expect(err).toMatchObject({ code: 'OUTCOME_UNKNOWN', attempts: 1 });
    expect(sim.callsTo('purchasePartnerPlan')).toHaveLength(1);
    // Resending would now be refused: the first request went through.
    sim.clearFaults();
    await expect(
      client.purchasePartnerPlan(
        orgId,
        { planId: partnerPlanId, confirm: true },
        { idempotencyKey: 'buy-again' },
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  test('a GET reset before answering is retried', async () => {
    sim.setFaults([{ endpoint: 'listCommitments', kind: 'reset', times: 1 }]);
    const page = await client.listCommitments(DEMO, { provider: 'aws', pageSize: 5 });
    expect(page.items).toHaveLength(5);
    expect(sim.callsTo('listCommitments')).toHaveLength(2);
  });

  test('429 with Retry-After: 1 is waited for, then succeeds', async () => {
    sim.setFaults([
      { endpoint: 'getCommitmentSummary', kind: 'status', status: 429, retryAfter: '1', times: 1 },
    ]);
    await expect(client.getCommitmentSummary(DEMO, 'aws')).resolves.toHaveProperty(
      'total_active_commitments',
    );
    expect(sleeps).toEqual([1000]);
    expect(sim.callsTo('getCommitmentSummary')).toHaveLength(2);
  });

  test('429 with Retry-After: 120 -> RATE_LIMITED at once', async () => {
    sim.setFaults([{ endpoint: 'getCommitmentSummary', kind: 'status', status: 429, retryAfter: '120' }]);
    await expect(client.getCommitmentSummary(DEMO, 'aws')).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterSeconds: 120,
      attempts: 1,
    });
    expect(sim.callsTo('getCommitmentSummary')).toHaveLength(1);
  });

  test('a GET slower than the timeout -> UPSTREAM_TIMEOUT, not retried', async () => {
    // A 1 s timeout leaves the +10% bound room for a loaded machine's scheduling jitter.
    const slow = clientFor(makeTransport({ timeoutMs: 1000 }));
    sim.setFaults([{ endpoint: 'getPlan', kind: 'delay', delayMs: 3000 }]);
    const started = performance.now();
    await expect(slow.getPlan(DEMO, planId)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', attempts: 1 });
    expect(performance.now() - started).toBeLessThan(1000 * 1.1);
    expect(sim.callsTo('getPlan')).toHaveLength(1);
  });

  test('a POST slower than the timeout -> OUTCOME_UNKNOWN, sent once', async () => {
    const slow = clientFor(makeTransport({ timeoutMs: 200 }));
    sim.setFaults([{ endpoint: 'applyPlan', kind: 'delay', delayMs: 1000 }]);
    await expect(
      slow.applyPlan(DEMO, FIXTURES.balancedPlan.planId, { idempotencyKey: 'slow' }),
    ).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN', attempts: 1 });
    expect(sim.callsTo('applyPlan')).toHaveLength(1);
  });

  test.each(['non-json', 'truncated'] as const)('%s body -> UPSTREAM_ERROR, not retried', async (kind) => {
    sim.setFaults([{ endpoint: 'listLineItems', kind }]);
    const err = await upstreamError(client.listLineItems(DEMO, planId));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 200, attempts: 1 });
    expect(sim.callsTo('listLineItems')).toHaveLength(1);
  });

  test('an answer without a field the spec requires -> UPSTREAM_ERROR, not retried', async () => {
    sim.setFaults([{ endpoint: 'getPlan', kind: 'drop-required-field' }]);
    const err = await upstreamError(client.getPlan(DEMO, planId));
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', status: 200, attempts: 1 });
    expect(err.message).toContain('lacks id');
    expect(sim.callsTo('getPlan')).toHaveLength(1);
  });

  test('a POST answered without a field the spec requires is a success (it was carried out), sent once', async () => {
    sim.setFaults([{ endpoint: 'applyPlan', kind: 'drop-required-field' }]);
    const plan = await client.applyPlan(DEMO, FIXTURES.balancedPlan.planId, { idempotencyKey: 'dropped' });
    expect(plan).toMatchObject({ org_id: DEMO, status: 'scheduled' });
    expect(plan).not.toHaveProperty('id');
    expect(sim.callsTo('applyPlan')).toHaveLength(1);
  });
});
