/**
 * Two gateway processes, one Redis, one simulator: a purchase key is honoured across replicas (one POST),
 * concurrent duplicates on both replicas send one POST, and the response cache is shared.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { startSimulator, type StartedSimulator } from '../../src/simulator';
import { CHILD_ORG, DEMO_ORG, tempJournal } from '../helpers/gateway';
import { startTestRedis, type TestRedis } from '../helpers/redis';

type Data = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = path.resolve(__dirname, '../..');
let redis: TestRedis;
let simulator: StartedSimulator;
const replicas: Array<{ child: ChildProcess; url: string }> = [];

async function startReplica(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      ARCHERA_API_URL: simulator.url,
      REDIS_URL: redis.url,
      ARCHERA_ENABLE_PURCHASES: 'true',
      IDEMPOTENCY_JOURNAL: tempJournal(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /ready: open http:\/\/localhost:(\d+)\/graphql/.exec(out);
      if (match) resolve(`http://127.0.0.1:${match[1]}/graphql`);
    });
    child.on('exit', (code) => reject(new Error(`replica exited ${code}: ${out}`)));
  });
  return { child, url };
}

async function gql(url: string, query: string, variables: Record<string, unknown>): Promise<Data> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'demo' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: Data; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const PURCHASE = `mutation($input: PurchaseCommitmentPlanInput!) { purchaseCommitmentPlan(input: $input) {
  purchase { purchaseId } userErrors { code } replayed } }`;

beforeAll(async () => {
  redis = await startTestRedis();
  simulator = await startSimulator({ port: 0 });
  replicas.push(await startReplica(), await startReplica());
}, 60_000);

afterAll(async () => {
  for (const { child } of replicas) {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  await simulator.close();
  await redis.stop();
});

async function partnerPlanIds(): Promise<string[]> {
  const data = await gql(replicas[0]!.url, `query($org: ID!) { org(id: $org) { partnerPlans { id } } }`, {
    org: CHILD_ORG,
  });
  return data.org.partnerPlans.map((p: { id: string }) => p.id);
}

it('a purchase key replayed on the other replica sends one POST', async () => {
  simulator.resetState();
  const [planId] = await partnerPlanIds();
  simulator.resetCalls();
  const input = { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'replica-replay' };
  const first = (await gql(replicas[0]!.url, PURCHASE, { input })).purchaseCommitmentPlan;
  const second = (await gql(replicas[1]!.url, PURCHASE, { input })).purchaseCommitmentPlan;
  expect(first.userErrors).toEqual([]);
  expect(second.replayed).toBe(true);
  expect(second.purchase).toEqual(first.purchase);
  expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
}, 30_000);

it('concurrent duplicates on both replicas send one POST and share its result', async () => {
  simulator.resetState();
  const [planId] = await partnerPlanIds();
  simulator.resetCalls();
  simulator.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'delay', delayMs: 400 }]);
  const input = { orgId: CHILD_ORG, planId, confirm: true, idempotencyKey: 'replica-concurrent' };
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => gql(replicas[i % 2]!.url, PURCHASE, { input })),
  );
  simulator.clearFaults();
  expect(simulator.callsTo('purchasePartnerPlan')).toHaveLength(1);
  const ids = new Set(results.map((r) => r.purchaseCommitmentPlan.purchase?.purchaseId));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toEqual(expect.any(String));
}, 30_000);

it('shares cached upstream responses between replicas', async () => {
  const query = `query($org: ID!) { org(id: $org) { commitmentSummary(provider: AZURE) { totalActiveCommitments } } }`;
  simulator.resetCalls();
  await gql(replicas[0]!.url, query, { org: DEMO_ORG });
  await gql(replicas[1]!.url, query, { org: DEMO_ORG });
  expect(simulator.callsTo('getCommitmentSummary')).toHaveLength(1);
}, 30_000);
