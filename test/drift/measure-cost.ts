/**
 * What the drift checker costs per answer: `npx tsx test/drift/measure-cost.ts`. Not a test (nothing is
 * asserted on time); it prints ns per item for a default-plans answer, a 100-row line-items page and a
 * 1000-row commitments page, beside JSON.parse of the same text and ajv's compiled validator, plus the
 * cost of an answer where every row drifts. Figures on a shared machine vary by ±20 %: best of 5 runs.
 */
import { FIXTURES, startSimulator } from '../../src/simulator';
import { createDriftChecker } from '../../src/upstream/drift';
import { type EndpointName } from '../../src/upstream/endpoints';
import { responseValidator } from '../helpers/spec';
import { raw, type Json } from './helpers';

/** Best of `runs` runs of `iterations` calls, in ns per call. */
function time(fn: () => unknown, iterations: number, runs = 5): number {
  for (let i = 0; i < Math.max(10, iterations / 10); i++) fn();
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / iterations);
  }
  return best;
}

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0 });
  const org = FIXTURES.orgs.demo;
  const plan = FIXTURES.largePlan.planId;
  const fetchBody = async (endpoint: EndpointName, req: Parameters<typeof raw>[2]): Promise<Json[]> =>
    JSON.parse((await raw(sim, endpoint, req)).text) as Json[];
  const plans = await fetchBody('getDefaultPlans', { path: { org_id: org }, query: { provider: 'aws' } });
  const lineItems = await fetchBody('listLineItems', {
    path: { org_id: org, plan_id: plan },
    query: { page_size: 100 },
  });
  const inventory = await fetchBody('listCommitments', {
    path: { org_id: org },
    query: { provider: 'aws', only_active: false, page_size: 10000 },
  });
  await sim.close();
  // A 1000-row page from the inventory's rows (repeated when the inventory is smaller), parsed from text as
  // the gateway would have it.
  const rows: Json[] = [];
  while (rows.length < 1000) rows.push(inventory[rows.length % inventory.length]);
  const commitments = JSON.parse(JSON.stringify(rows)) as Json[];
  // Every row with an unseen status and an extra field, parsed from text like a real answer.
  const drifting = JSON.parse(
    JSON.stringify(rows.map((c: Json) => ({ ...c, status: 'archived', extra: 1 }))),
  ) as Json[];

  const checker = createDriftChecker();
  const cases: [string, EndpointName, Json[]][] = [
    ['default plans (aws)', 'getDefaultPlans', plans],
    ['line items, 100 rows', 'listLineItems', lineItems],
    ['commitments, 1000 rows', 'listCommitments', commitments],
  ];
  console.log(`node ${process.version}; best of 5 runs; ns per item (per answer)`);
  for (const [label, endpoint, body] of cases) {
    if (checker.check(endpoint, body).length !== 0) throw new Error(`${label}: unexpected drift`);
    const iterations = Math.max(20, Math.round(200_000 / body.length));
    const text = JSON.stringify(body);
    const validate = responseValidator(endpoint, { strict: false });
    const perItem = (ns: number) =>
      `${(ns / body.length).toFixed(0).padStart(5)} ns/item (${(ns / 1000).toFixed(1)} µs)`;
    console.log(
      label.padEnd(24),
      'drift check',
      perItem(time(() => checker.check(endpoint, body), iterations)),
    );
    console.log(
      ''.padEnd(24),
      'JSON.parse ',
      perItem(time(() => JSON.parse(text), Math.ceil(iterations / 4))),
    );
    console.log(''.padEnd(24), 'ajv (ref.) ', perItem(time(() => validate(body), iterations)));
  }
  const findings = checker.check('listCommitments', drifting);
  console.log(
    'commitments, 1000 rows, every row drifting'.padEnd(24),
    `${(time(() => checker.check('listCommitments', drifting), 200) / 1000).toFixed(0).padStart(5)} ns/item`,
    `(${findings.length} findings: ${findings.map((f) => `${f.kind} ${f.field}`).join(', ')})`,
  );
}

void main();
