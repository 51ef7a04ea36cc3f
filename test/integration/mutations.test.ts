/**
 * Money-moving mutations against the simulator, with fault injection: previews send nothing, one key sends
 * at most one POST (replays, concurrent duplicates, restarts), POSTs are never retried, unknown outcomes are
 * never resent, and every request leaves one audit line without the API key.
 */
import { writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/ops/logger';
import { keyFingerprint } from '../../src/tenant/fingerprint';
import { hashInput } from '../../src/money/idempotency/types';
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { CHILD_ORG, DEMO_ORG, startTestGateway, tempJournal, type TestGateway } from '../helpers/gateway';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PURCHASE = `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
  purchase { purchaseId planId status lineItemCount upfrontCost monthlyCost }
  preview { lineItemCount upfrontCost recurringCostHourly monthlyCost monthlySavings totalSavings breakevenHours currency lineItems { archeraId upfrontCost monthlySavings } plan { archeraId } }
  plan { archeraId status }
  userErrors { field message code }
  replayed } }`;
const APPLY = `mutation($input: ApplyCommitmentPlanInput!) { applyCommitmentPlan(input: $input) {
  plan { archeraId status } userErrors { field message code } replayed } }`;

let simulator: StartedSimulator;
let h: TestGateway;
let logs: string[];
let journal: string;
const logger = () =>
  createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  );

beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
});
afterAll(() => simulator.close());
beforeEach(async () => {
  logs = [];
  journal = tempJournal();
  simulator.resetState();
  simulator.clearFaults();
  h = await startTestGateway({
    config: { enablePurchases: true, idempotencyJournal: journal, archeraTimeoutMs: 1000 },
    simulator,
    logger: logger(),
  });
  simulator.resetCalls();
});
afterEach(() => h.close());

const purchases = (): number => simulator.callsTo('purchasePartnerPlan').length;
const applies = (): number => simulator.callsTo('applyPlan').length;

async function partnerPlan(): Promise<{ id: string; archeraId: string }> {
  const { body } = await h.graphql(
    `query($org: ID!) { org(id: $org) { partnerPlans { id archeraId name } } }`,
    { org: CHILD_ORG },
  );
  const plans = (body.data as Data).org.partnerPlans as Array<{ id: string; archeraId: string }>;
  simulator.resetCalls();
  return plans[0]!;
}

async function purchase(input: Record<string, unknown>, headers?: Record<string, string>): Promise<Data> {
  const { body } = await h.graphql(PURCHASE, { input: { orgId: CHILD_ORG, ...input } }, headers);
  expect(body.errors).toBeUndefined();
  return (body.data as Data).purchaseCommitmentPlan;
}

function auditLines(): Array<Record<string, unknown>> {
  return logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.audit === 'money-moving');
}

describe('purchaseCommitmentPlan', () => {
  it('previews with confirm: false and sends no POST; totals are the sums of the selected line items', async () => {
    const plan = await partnerPlan();
    const result = await purchase({ planId: plan.id, confirm: false, idempotencyKey: 'preview-1' });
    expect(purchases()).toBe(0);
    expect(result.purchase).toBeNull();
    expect(result.userErrors).toEqual([]);
    const preview = result.preview;
    expect(preview.plan.archeraId).toBe(plan.archeraId);
    expect(preview.currency).toBe('USD');
    expect(preview.lineItemCount).toBeGreaterThan(0);
    expect(preview.lineItems.length).toBeGreaterThan(0);
    const micros = (xs: number[]): number => xs.reduce((t, x) => t + Math.round(x * 1e6), 0) / 1e6;
    expect(preview.upfrontCost).toBe(micros(preview.lineItems.map((i: Data) => i.upfrontCost)));
    expect(preview.monthlySavings).toBe(micros(preview.lineItems.map((i: Data) => i.monthlySavings)));
    expect(simulator.calls().every((c) => c.method === 'GET')).toBe(true);
  });

  it('sends exactly one POST when confirmed, with the Idempotency-Key header; a replay sends none and returns the same data', async () => {
    const plan = await partnerPlan();
    const first = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'buy-1' });
    expect(first.userErrors).toEqual([]);
    expect(first.replayed).toBe(false);
    expect(first.purchase.planId).toBe(plan.archeraId);
    expect(purchases()).toBe(1);
    expect(simulator.callsTo('purchasePartnerPlan')[0]!.idempotencyKey).toBe('buy-1');
    const replay = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'buy-1' });
    expect(purchases()).toBe(1);
    expect(replay.replayed).toBe(true);
    expect(replay.purchase).toEqual(first.purchase);
  });

  it('refuses a reused key with another input and sends nothing', async () => {
    const [a] = [await partnerPlan()];
    await purchase({ planId: a!.id, confirm: true, idempotencyKey: 'buy-2' });
    const { body } = await h.graphql(`query($org: ID!) { org(id: $org) { partnerPlans { id } } }`, {
      org: CHILD_ORG,
    });
    const other = ((body.data as Data).org.partnerPlans as Array<{ id: string }>).find((p) => p.id !== a!.id);
    simulator.resetCalls();
    const reused = await purchase({ planId: other!.id, confirm: true, idempotencyKey: 'buy-2' });
    expect(reused.userErrors).toEqual([
      { field: ['input', 'idempotencyKey'], message: expect.any(String), code: 'IDEMPOTENCY_KEY_REUSED' },
    ]);
    expect(purchases()).toBe(0);
  });

  it('sends one POST for six concurrent duplicates, which all share its result', async () => {
    const plan = await partnerPlan();
    simulator.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'delay', delayMs: 300 }]);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        purchase({ planId: plan.id, confirm: true, idempotencyKey: 'double-click' }),
      ),
    );
    expect(purchases()).toBe(1);
    const ids = new Set(results.map((r) => r.purchase?.purchaseId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toEqual(expect.any(String));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
  });

  it('sends one POST for one key across a gateway restart', async () => {
    const plan = await partnerPlan();
    const first = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'restart-1' });
    await h.close();
    h = await startTestGateway({
      config: { enablePurchases: true, idempotencyJournal: journal },
      simulator,
      logger: logger(),
    });
    const again = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'restart-1' });
    expect(purchases()).toBe(1);
    expect(again.replayed).toBe(true);
    expect(again.purchase).toEqual(first.purchase);
  });

  it('answers OUTCOME_UNKNOWN, without sending, for a key whose intent survived a crash without outcome', async () => {
    const plan = await partnerPlan();
    await h.close();
    const scope = `${keyFingerprint('demo')}:crashed-1`;
    const inputHash = hashInput([
      'purchaseCommitmentPlan',
      { orgId: CHILD_ORG, planId: plan.archeraId, confirm: true },
    ]);
    writeFileSync(
      journal,
      `${JSON.stringify({ op: 'intent', scope, inputHash, createdAt: Date.now(), expiresAt: Date.now() + 3_600_000 })}\n`,
    );
    h = await startTestGateway({
      config: { enablePurchases: true, idempotencyJournal: journal },
      simulator,
      logger: logger(),
    });
    const result = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'crashed-1' });
    expect(result.userErrors[0].code).toBe('OUTCOME_UNKNOWN');
    expect(purchases()).toBe(0);
  });

  it('refuses an operation with two purchase fields whole, sending nothing', async () => {
    const plan = await partnerPlan();
    const { status, body } = await h.graphql(
      `mutation($a: PurchaseCommitmentPlanInput!, $b: PurchaseCommitmentPlanInput!) {
        a: purchaseCommitmentPlan(input: $a) { replayed } b: purchaseCommitmentPlan(input: $b) { replayed } }`,
      {
        a: { orgId: CHILD_ORG, planId: plan.id, confirm: true, idempotencyKey: 'two-a' },
        b: { orgId: CHILD_ORG, planId: plan.id, confirm: true, idempotencyKey: 'two-b' },
      },
    );
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(simulator.calls()).toHaveLength(0);
    // Also through a fragment.
    const viaFragment = await h.graphql(
      `mutation($a: PurchaseCommitmentPlanInput!) { ...F b: applyCommitmentPlan(input: { orgId: "${DEMO_ORG}", planId: "${DEMO_ORG}" }) { replayed } }
       fragment F on Mutation { purchaseCommitmentPlan(input: $a) { replayed } }`,
      { a: { orgId: CHILD_ORG, planId: plan.id, confirm: true, idempotencyKey: 'two-c' } },
    );
    expect(viaFragment.status).toBe(400);
    expect(simulator.calls()).toHaveLength(0);
  });

  it('does not retry a POST that got a 503', async () => {
    const plan = await partnerPlan();
    simulator.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'status', status: 503 }]);
    const result = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'five-oh-three' });
    expect(result.userErrors[0].code).toBe('UPSTREAM_ERROR');
    expect(purchases()).toBe(1);
    // The key is spent: a replay answers the same, sending nothing.
    const replay = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'five-oh-three' });
    expect(replay.userErrors[0].code).toBe('UPSTREAM_ERROR');
    expect(purchases()).toBe(1);
  });

  it('answers OUTCOME_UNKNOWN for a POST that timed out, and never resends it', async () => {
    const plan = await partnerPlan();
    simulator.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'delay', delayMs: 2500 }]);
    const result = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'slow-1' });
    expect(result.userErrors[0].code).toBe('OUTCOME_UNKNOWN');
    expect(result.userErrors[0].message).toMatch(/check the plan status/i);
    simulator.clearFaults();
    const replay = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'slow-1' });
    expect(replay.userErrors[0].code).toBe('OUTCOME_UNKNOWN');
    expect(purchases()).toBe(1);
  });

  it('answers OUTCOME_UNKNOWN for a connection dropped after the purchase was made', async () => {
    const plan = await partnerPlan();
    simulator.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'reset-after-commit', times: 1 }]);
    const result = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'reset-1' });
    expect(result.userErrors[0].code).toBe('OUTCOME_UNKNOWN');
    await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'reset-1' });
    expect(purchases()).toBe(1);
  });

  it('maps an upstream 409 (already purchased) to a CONFLICT userError', async () => {
    const plan = await partnerPlan();
    await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'first-buy' });
    const second = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'second-buy' });
    expect(second.userErrors[0].code).toBe('CONFLICT');
    expect(purchases()).toBe(2);
  });

  it('writes one audit line per request with the idempotency key and never the API key', async () => {
    const plan = await partnerPlan();
    await purchase({ planId: plan.id, confirm: false, idempotencyKey: 'audit-0' });
    await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'audit-1' });
    await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'audit-1' });
    const lines = auditLines();
    expect(lines.map((l) => [l.idempotencyKey, l.outcome, l.replayed])).toEqual([
      ['audit-0', 'PREVIEW', false],
      ['audit-1', 'SUCCEEDED', false],
      ['audit-1', 'SUCCEEDED', true],
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({
        orgId: CHILD_ORG,
        planId: plan.archeraId,
        keyFingerprint: keyFingerprint('demo'),
      });
      expect(typeof line.at).toBe('string');
    }
    expect(lines[1]!.upstreamStatus).toBe(200);
    expect(logs.join('\n')).not.toMatch(/"demo"|x-api-key/);
  });

  it('refuses bad input as userErrors before anything is sent', async () => {
    const plan = await partnerPlan();
    const badKey = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'has space' });
    expect(badKey.userErrors[0]).toMatchObject({
      field: ['input', 'idempotencyKey'],
      code: 'BAD_USER_INPUT',
    });
    const badOrg = await h.graphql(PURCHASE, {
      input: { orgId: 'nope', planId: plan.id, confirm: true, idempotencyKey: 'k' },
    });
    expect((badOrg.body.data as Data).purchaseCommitmentPlan.userErrors[0]).toMatchObject({
      field: ['input', 'orgId'],
      code: 'BAD_USER_INPUT',
    });
    expect(simulator.calls()).toHaveLength(0);
  });
});

describe('applyCommitmentPlan', () => {
  async function openPlan(): Promise<{ id: string; archeraId: string }> {
    const { body } = await h.graphql(
      `query($org: ID!) { org(id: $org) { defaultCommitmentPlans(provider: AWS) { id archeraId status isCalculating lineItems(first: 1) { totalCount } } } }`,
      {
        org: DEMO_ORG,
      },
    );
    const plans = (body.data as Data).org.defaultCommitmentPlans as Array<{
      id: string;
      archeraId: string;
      status: string;
      isCalculating: boolean;
      lineItems: { totalCount: number };
    }>;
    simulator.resetCalls();
    return plans.find(
      (p) =>
        !p.isCalculating &&
        p.lineItems.totalCount > 0 &&
        ['NEW', 'REVIEWED', 'DRAFT', 'NEEDS_REVIEW'].includes(p.status),
    )!;
  }

  it('applies once per key; the payload shows the new status; a replay sends nothing; another key gets CONFLICT', async () => {
    const plan = await openPlan();
    const { body } = await h.graphql(APPLY, {
      input: { orgId: DEMO_ORG, planId: plan.id, idempotencyKey: 'apply-1' },
    });
    const first = (body.data as Data).applyCommitmentPlan;
    expect(first.userErrors).toEqual([]);
    expect(first.plan).toEqual({ archeraId: plan.archeraId, status: 'SCHEDULED' });
    const replay = (
      await h.graphql(APPLY, {
        input: { orgId: DEMO_ORG, planId: plan.archeraId, idempotencyKey: 'apply-1' },
      })
    ).body.data as Data;
    expect(replay.applyCommitmentPlan.replayed).toBe(true);
    expect(applies()).toBe(1);
    const again = (
      await h.graphql(APPLY, { input: { orgId: DEMO_ORG, planId: plan.id, idempotencyKey: 'apply-2' } })
    ).body.data as Data;
    expect(again.applyCommitmentPlan.userErrors[0].code).toBe('CONFLICT');
    expect(applies()).toBe(2);
    // A later read sees the applied plan.
    const read = await h.graphql(
      `query($org: ID!, $id: ID!) { org(id: $org) { commitmentPlan(id: $id) { status } } }`,
      { org: DEMO_ORG, id: plan.id },
    );
    expect((read.body.data as Data).org.commitmentPlan.status).toBe('SCHEDULED');
  });

  it('maps upstream refusals to userErrors (404 NOT_FOUND, 403 FORBIDDEN)', async () => {
    const missing = (
      await h.graphql(APPLY, {
        input: { orgId: DEMO_ORG, planId: '00000000-0000-4000-8000-000000000000', idempotencyKey: 'nf' },
      })
    ).body.data as Data;
    expect(missing.applyCommitmentPlan.userErrors[0].code).toBe('NOT_FOUND');
    const plan = await openPlan();
    const forbidden = (
      await h.graphql(
        APPLY,
        { input: { orgId: DEMO_ORG, planId: plan.id, idempotencyKey: 'fb' } },
        { 'x-api-key': 'demo-other' },
      )
    ).body.data as Data;
    expect(forbidden.applyCommitmentPlan.userErrors[0].code).toBe('FORBIDDEN');
  });
});

describe('with a real upstream URL and no ARCHERA_ENABLE_PURCHASES', () => {
  it('refuses a confirmed purchase and an apply with PURCHASES_DISABLED, sending nothing; previews still work', async () => {
    await h.close();
    h = await startTestGateway({
      config: { enablePurchases: false, idempotencyJournal: journal },
      simulator,
      logger: logger(),
    });
    const plan = await partnerPlan();
    const refused = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'disabled-1' });
    expect(refused.userErrors[0].code).toBe('PURCHASES_DISABLED');
    const apply = (
      await h.graphql(APPLY, { input: { orgId: DEMO_ORG, planId: DEMO_ORG, idempotencyKey: 'disabled-2' } })
    ).body.data as Data;
    expect(apply.applyCommitmentPlan.userErrors[0].code).toBe('PURCHASES_DISABLED');
    const preview = await purchase({ planId: plan.id, confirm: false, idempotencyKey: 'disabled-3' });
    expect(preview.preview).not.toBeNull();
    expect(simulator.calls().filter((c) => c.method === 'POST')).toHaveLength(0);
  });
});

describe('keys: money moves only on a key the caller sent', () => {
  const restart = async (overrides: Record<string, unknown>): Promise<void> => {
    await h.close();
    h = await startTestGateway({
      config: { enablePurchases: true, idempotencyJournal: journal, archeraApiKey: 'demo', ...overrides },
      simulator,
      logger: logger(),
    });
    simulator.resetCalls();
  };
  const posts = (): number => simulator.calls().filter((c) => c.method === 'POST').length;

  it('refuses a keyless purchase and apply with UNAUTHENTICATED when ARCHERA_API_KEY serves reads, sending nothing', async () => {
    await restart({});
    const { body } = await h.graphql(`{ org(id: "${CHILD_ORG}") { partnerPlans { id } } }`, undefined, {});
    const planId = (body.data as Data).org.partnerPlans[0].id as string;
    const bought = (
      await h.graphql(
        PURCHASE,
        { input: { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'keyless-1' } },
        {},
      )
    ).body.data as Data;
    expect(bought.purchaseCommitmentPlan.userErrors).toEqual([
      expect.objectContaining({ code: 'UNAUTHENTICATED', message: expect.stringContaining('x-api-key') }),
    ]);
    expect(bought.purchaseCommitmentPlan.purchase).toBeNull();
    const applied = (
      await h.graphql(
        APPLY,
        { input: { orgId: DEMO_ORG, planId: FIXTURES.balancedPlan.planId, idempotencyKey: 'keyless-2' } },
        {},
      )
    ).body.data as Data;
    expect(applied.applyCommitmentPlan.userErrors[0].code).toBe('UNAUTHENTICATED');
    expect(applied.applyCommitmentPlan.plan).toBeNull();
    // Reads and previews work on the server key.
    const preview = (
      await h.graphql(
        PURCHASE,
        { input: { orgId: CHILD_ORG, planId, confirm: false, idempotencyKey: 'keyless-3' } },
        {},
      )
    ).body.data as Data;
    expect(preview.purchaseCommitmentPlan.preview).not.toBeNull();
    expect(posts()).toBe(0);
    // The refusal is audited, with where the key came from.
    const audit = logs.filter((l) => l.includes('"audit":"money-moving"') && l.includes('keyless-1'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toContain('"keySource":"server"');
    expect(audit[0]).toContain('"outcome":"UNAUTHENTICATED"');
  });

  it('the same purchase with the caller’s own key goes through, once', async () => {
    await restart({});
    const plan = await partnerPlan();
    const bought = await purchase({ planId: plan.id, confirm: true, idempotencyKey: 'own-key-1' });
    expect(bought.userErrors).toEqual([]);
    expect(posts()).toBe(1);
  });

  it('ARCHERA_SERVER_KEY_PURCHASES=true lets the server key buy', async () => {
    await restart({ serverKeyPurchases: true });
    const { body } = await h.graphql(`{ org(id: "${CHILD_ORG}") { partnerPlans { id } } }`, undefined, {});
    const planId = (body.data as Data).org.partnerPlans[0].id as string;
    const bought = (
      await h.graphql(
        PURCHASE,
        { input: { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'server-ok-1' } },
        {},
      )
    ).body.data as Data;
    expect(bought.purchaseCommitmentPlan.userErrors).toEqual([]);
    expect(posts()).toBe(1);
  });
});
