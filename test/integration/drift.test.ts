/**
 * The gateway against an upstream that deviates from our specs the way the real Archera may (the
 * simulator's drift mode): every object that carries its identity is kept, a deviation costs at most its own
 * field, unknown enum values read as OTHER with the value as sent beside them, and a purchase Archera
 * accepted with another body is a success whose replay sends nothing.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/ops/logger';
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { CHILD_ORG, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let simulator: StartedSimulator;
let h: TestGateway;
const logs: string[] = [];
beforeAll(async () => {
  simulator = await startSimulator({ port: 0, drift: true });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  h = await startTestGateway({
    config: { enablePurchases: true },
    simulator,
    logger: createLogger('warn', sink),
  });
});
afterAll(async () => {
  await h.close();
  await simulator.close();
});
beforeEach(() => simulator.resetCalls());

async function query(q: string, variables?: Record<string, unknown>): Promise<Data> {
  const { status, body } = await h.graphql(q, variables);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data as Data;
}

test('the three default plans are listed, with names and savings, when a status is unknown', async () => {
  const data = await query(`{ org(id: "${DEMO_ORG}") {
    defaultCommitmentPlans(provider: AWS) { id name status statusRaw savingsHourly monthlySavings } } }`);
  const plans = data.org.defaultCommitmentPlans as Array<Data>;
  expect(plans.map((p) => p.name).sort()).toEqual(['Balanced', 'High Savings', 'Recommended']);
  for (const plan of plans) expect(typeof plan.savingsHourly).toBe('number');
  const recommended = plans.find((p) => p.name === 'Recommended')!;
  expect(recommended).toMatchObject({ status: 'OTHER', statusRaw: 'archived' });
  const balanced = plans.find((p) => p.name === 'Balanced')!;
  expect(balanced.status).not.toBe('OTHER');
  expect(balanced.statusRaw).toBe(balanced.status.toLowerCase());
});

test('a commitments page keeps every commitment when status and payment option are unknown', async () => {
  const data = await query(`{ org(id: "${DEMO_ORG}") {
    commitments(provider: AWS, onlyActive: false, first: 500) {
      totalCount nodes { id provider providerRaw status statusRaw paymentOption paymentOptionRaw monthlyCommitmentCost }
    } } }`);
  const { totalCount, nodes } = data.org.commitments as { totalCount: number; nodes: Array<Data> };
  expect(nodes).toHaveLength(Math.min(totalCount, 500));
  expect(nodes.every((n) => n.provider === 'AWS' && n.providerRaw === 'AWS')).toBe(true);
  const unknownStatus = nodes.filter((n) => n.statusRaw === 'pending_renewal');
  const unknownPayment = nodes.filter((n) => n.paymentOptionRaw === 'light_utilization');
  expect(unknownStatus.length).toBeGreaterThan(0);
  expect(unknownPayment.length).toBeGreaterThan(0);
  for (const n of unknownStatus) expect(n.status).toBe('OTHER');
  for (const n of unknownPayment) expect(n.paymentOption).toBe('OTHER');
  // An inferred field the answer no longer carries is null, nothing else.
  expect(nodes.every((n) => n.monthlyCommitmentCost === null)).toBe(true);
});

test('line items with "AWS" providers and extra fields answer without errors', async () => {
  const data = await query(
    `query($plan: ID!) { org(id: "${DEMO_ORG}") { commitmentPlan(id: $plan) {
      lineItems(first: 5) { totalCount nodes { id paymentOption offer { provider providerRaw instanceType } } } } } }`,
    { plan: FIXTURES.largePlan.planId },
  );
  const items = data.org.commitmentPlan.lineItems.nodes as Array<Data>;
  expect(items).toHaveLength(5);
  for (const item of items) expect(item.offer).toMatchObject({ provider: 'AWS', providerRaw: 'AWS' });
});

test('partner plans without the inferred risk, configuration and description are listed', async () => {
  const data = await query(`{ org(id: "${CHILD_ORG}") {
    partnerPlans { id name description upfrontCost risk { riskLevel riskLevelRaw } configuration { lineItemCount } } } }`);
  const plans = data.org.partnerPlans as Array<Data>;
  expect(plans.length).toBeGreaterThanOrEqual(3);
  const stripped = plans.filter((p) => p.risk === null);
  expect(stripped.length).toBeGreaterThan(0);
  for (const plan of stripped) expect(plan).toMatchObject({ description: null, configuration: null });
  for (const plan of plans) expect(plan.name).toBeTruthy();
  const elevated = plans.find((p) => p.risk !== null)!;
  expect(elevated.risk).toEqual({ riskLevel: 'OTHER', riskLevelRaw: 'elevated' });
});

test('a purchase answered 2xx with another body is reported done; its replay sends nothing', async () => {
  simulator.resetState();
  const planId = FIXTURES.partnerPlan.planId;
  const PURCHASE = `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
    purchase { purchaseId planId orgId status statusRaw upfrontCost } userErrors { code message } replayed } }`;
  const input = { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'drift-purchase-1' };
  const first = (await query(PURCHASE, { input })).purchaseCommitmentPlan;
  expect(first.userErrors).toEqual([]);
  expect(first.replayed).toBe(false);
  // What could be read of the other body, and what we asked for; the rest is null.
  expect(first.purchase).toEqual({
    purchaseId: null,
    planId,
    orgId: CHILD_ORG,
    status: null,
    statusRaw: null,
    upfrontCost: null,
  });
  expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
  const replay = (await query(PURCHASE, { input })).purchaseCommitmentPlan;
  expect(replay).toEqual({ ...first, replayed: true });
  expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
});

test('the drift counter names each drifted endpoint, kind and field; each is logged once, without values', async () => {
  const { body } = await h.gateway.metrics.expose();
  const drift = body
    .split('\n')
    .filter((l) => l.startsWith('archera_graphql_upstream_drift_total{'))
    .map((l) => /endpoint="(\w+)",kind="(\w+)",field="([^"]+)"/.exec(l)!.slice(1).join(' '));
  expect(drift).toEqual(
    expect.arrayContaining([
      'getDefaultPlans enum_value [].status',
      'getDefaultPlans unknown_field []._links',
      'listCommitments enum_value [].status',
      'listCommitments enum_value [].payment_option',
      'listCommitments enum_value [].provider',
      'listCommitments unknown_field [].tags',
      'listLineItems enum_value [].offer.provider',
      'listLineItems unknown_field [].currency',
      'getPartnerDefaultPlans missing [].risk',
      'getPartnerDefaultPlans missing [].configuration',
      'getPartnerDefaultPlans enum_value [].risk.risk_level',
      'purchasePartnerPlan missing purchase_id',
    ]),
  );
  expect(body).not.toMatch(/archived|pending_renewal|light_utilization|elevated/);
  const warnings = logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.component === 'upstream-drift');
  const logged = warnings.map((l) => `${String(l.endpoint)} ${String(l.kind)} ${String(l.field)}`);
  expect([...logged].sort()).toEqual([...drift].sort());
  for (const line of warnings)
    expect(Object.keys(line).sort()).toEqual(
      ['component', 'endpoint', 'field', 'kind', 'level', 'msg', 'service', 'time'].sort(),
    );
});
