/**
 * The simulator (normal mode) answers as the specs say, so the drift checker must find nothing in any of
 * its answers: the requests test/contract/simulator-contract.test.ts sends for each endpoint's successes,
 * then a walk of the whole data set (every org, provider, plan, page, attribute, some commitments).
 *
 * Then the checker is compared with ajv (the JSON Schema reference, formats off since no drift kind covers
 * them) on thousands of randomly damaged copies of those answers: both must agree on valid/invalid, and a
 * single damage must give a single finding of the expected kind at the damaged field.
 */
import { Rng } from '../../src/simulator/data/prng';
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { createDriftChecker, type DriftChecker, type DriftFinding } from '../../src/upstream/drift';
import { UPSTREAM_ENDPOINTS, type EndpointName } from '../../src/upstream/endpoints';
import { responseValidator } from '../helpers/spec';
import { copy, raw, type Json, type RawRequest } from './helpers';

const { orgs } = FIXTURES;
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const DATES = { start_date: '2026-11-01', end_date: '2026-11-26' };
const PROVIDERS = ['aws', 'azure', 'gcp'] as const;
const FILTER = JSON.stringify({ type: ['Compute', 'EC2Instance'], region: ['us-east-1'] });

let sim: StartedSimulator;
let checker: DriftChecker;
/** Every answer checked, per endpoint: its status and findings (for the coverage test). */
const checked = new Map<EndpointName, number>();
/** A few valid bodies per endpoint, for the ajv comparison. */
const bodies = new Map<EndpointName, unknown[]>();

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  checker = createDriftChecker();
});
afterAll(() => sim.close());

interface Problem {
  endpoint: EndpointName;
  request: string;
  status?: number;
  findings?: readonly DriftFinding[];
}

/** Sends, checks body and headers; returns the parsed body (null for a 204). */
async function checkedCall(endpoint: EndpointName, req: RawRequest, problems: Problem[]): Promise<Json> {
  const answer = await raw(sim, endpoint, req);
  const request = `${endpoint} ${JSON.stringify(req.path)} ${JSON.stringify(req.query ?? {})}`;
  if (!checker.successStatuses(endpoint).includes(answer.status)) {
    problems.push({ endpoint, request, status: answer.status });
    return null;
  }
  checked.set(endpoint, (checked.get(endpoint) ?? 0) + 1);
  if (answer.status === 204) return null;
  const findings = [
    ...checker.checkJson(endpoint, answer.text),
    ...checker.checkHeaders(endpoint, answer.headers),
  ];
  if (findings.length > 0) problems.push({ endpoint, request, findings });
  const body = JSON.parse(answer.text) as Json;
  const kept = bodies.get(endpoint) ?? [];
  if (kept.length < 4) bodies.set(endpoint, [...kept, body]);
  return body;
}

/** The successful requests of test/contract/simulator-contract.test.ts, per endpoint. */
const CONTRACT_SUCCESSES: [EndpointName, RawRequest][] = [
  ['getPlan', { path: { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId } }],
  ...[FIXTURES.fewItemsPlan, FIXTURES.emptyPlan, FIXTURES.completedPlan, FIXTURES.noRecommendedPlan].map(
    (f): [EndpointName, RawRequest] => ['getPlan', { path: { org_id: orgs.demo, plan_id: f.planId } }],
  ),
  ['applyPlan', { path: { org_id: orgs.demo, plan_id: FIXTURES.recommendedPlan.planId } }],
  ...['aws', 'azure', 'gcp', 'kubernetes'].map((provider): [EndpointName, RawRequest] => [
    'getDefaultPlans',
    { path: { org_id: orgs.demo }, query: { provider } },
  ]),
  ['getRecommendedPlan', { path: { org_id: orgs.demo }, query: { provider: 'aws' } }],
  ['getRecommendedPlan', { path: { org_id: orgs.demo }, query: { provider: 'gcp' } }],
  ...[
    { page_size: 100 },
    { page_size: 100, page: 99 },
    { page_size: 100, order_by: 'offer.type', desc: true },
  ].map((query): [EndpointName, RawRequest] => [
    'listLineItems',
    { path: { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId }, query },
  ]),
  [
    'listLineItems',
    { path: { org_id: orgs.demo, plan_id: FIXTURES.emptyPlan.planId }, query: { page_size: 100 } },
  ],
  ...[DATES, { start_date: '2020-01-01', end_date: '2020-01-31' }].map(
    (dates): [EndpointName, RawRequest] => [
      'listResourceMatches',
      {
        path: { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId },
        query: { ...dates, page_size: 100 },
      },
    ],
  ),
  ['getPartnerDefaultPlans', { path: { child_org_id: orgs.child } }],
  ['getPartnerDefaultPlans', { path: { child_org_id: orgs.demo } }],
  [
    'purchasePartnerPlan',
    { path: { child_org_id: orgs.child }, body: { plan_id: FIXTURES.partnerPlan.planId, confirm: true } },
  ],
  ...[
    { provider: 'aws', only_active: false, page_size: 10000 },
    { provider: 'aws', only_active: true, order_by: 'utilization', desc: true, page_size: 10000 },
    { provider: 'azure', only_active: false, page_size: 10000 },
    { provider: 'gcp', only_active: false, page_size: 10000 },
    { provider: 'aws', only_active: false, search: 'm5', page_size: 10000 },
    { provider: 'aws', only_active: false, filter: FILTER, page_size: 5 },
  ].map((query): [EndpointName, RawRequest] => ['listCommitments', { path: { org_id: orgs.demo }, query }]),
  ['listCommitmentAttributes', { path: { org_id: orgs.demo } }],
  ...[
    'type',
    'region',
    'is_archera_guaranteed',
    'instance_count',
    'utilization',
    'end_date',
    'guarantee_method',
  ].map((field): [EndpointName, RawRequest] => [
    'listCommitmentAttributeValues',
    { path: { org_id: orgs.demo, field }, query: { provider: 'aws', only_active: false } },
  ]),
  [
    'listCommitmentAttributeValues',
    {
      path: { org_id: orgs.demo, field: 'instance_type' },
      query: {
        provider: 'aws',
        only_active: false,
        filter: JSON.stringify({ is_archera_guaranteed: [true] }),
        order_by: 'instance_type',
        desc: true,
      },
    },
  ],
  ['getCommitmentSummary', { path: { org_id: orgs.demo }, query: { provider: 'aws' } }],
  ['getCommitmentSummary', { path: { org_id: orgs.demo }, query: { provider: 'azure' } }],
  ['getCommitmentSummary', { path: { org_id: orgs.child }, query: { provider: 'gcp' } }],
  ['getCommitmentComparison', { path: { org_id: orgs.demo }, query: { provider: 'aws' } }],
  ['getCommitmentComparison', { path: { org_id: orgs.demo }, query: { provider: 'gcp' } }],
  [
    'getCommitmentComparison',
    {
      path: { org_id: orgs.demo },
      query: {
        provider: 'aws',
        commitment_ids: [
          FIXTURES.commitment.commitmentId,
          FIXTURES.expiredCommitment.commitmentId,
          MISSING_UUID,
        ],
        payment_options: ['no_upfront'],
      },
    },
  ],
  ...[
    { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-27' },
    { provider: 'aws', start_date: '2020-01-01', end_date: '2020-02-01' },
    { provider: 'azure', start_date: '2026-10-01', end_date: '2026-11-27', search: 'eastus' },
    { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-27', filter: FILTER },
  ].map((query): [EndpointName, RawRequest] => [
    'getCommitmentMetrics',
    { path: { org_id: orgs.demo }, query },
  ]),
  ...[
    { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-27' },
    { provider: 'aws', start_date: '2020-01-01', end_date: '2020-02-01' },
    {
      provider: 'azure',
      start_date: '2026-10-01',
      end_date: '2026-11-27',
      search: 'eastus',
      filter: JSON.stringify({ is_archera_guaranteed: [false] }),
    },
    { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-27', filter: FILTER },
  ].map((query): [EndpointName, RawRequest] => ['getDailyCoverage', { path: { org_id: orgs.demo }, query }]),
  [
    'getDailyCoverage',
    {
      path: { org_id: orgs.child },
      query: { provider: 'gcp', start_date: '2026-10-01', end_date: '2026-11-27' },
    },
  ],
  ...(
    [
      'commitment',
      'expiredCommitment',
      'queuedCommitment',
      'guaranteedCommitment',
      'noRecentUsageCommitment',
    ] as const
  ).map((k): [EndpointName, RawRequest] => [
    'getCommitmentDetails',
    { path: { org_id: orgs.demo, commitment_id: FIXTURES[k].commitmentId }, query: DATES },
  ]),
  ['getCommitmentDetails', { path: { org_id: orgs.demo, commitment_id: FIXTURES.commitment.commitmentId } }],
];

describe('the simulator answers without drift', () => {
  it('the successful requests of the contract test, all 16 endpoints', async () => {
    const problems: Problem[] = [];
    try {
      for (const [endpoint, req] of CONTRACT_SUCCESSES) await checkedCall(endpoint, req, problems);
    } finally {
      sim.resetState();
    }
    expect(problems).toEqual([]);
    expect(UPSTREAM_ENDPOINTS.map((e) => e.name).filter((n) => !checked.has(n))).toEqual([]);
  });

  it('a walk of the whole data set: every org, provider, plan, page and attribute', async () => {
    const problems: Problem[] = [];
    const orgKeys: [string, string][] = [
      [orgs.demo, 'demo'],
      [orgs.child, 'demo'],
      [orgs.other, 'demo-other'],
    ];
    for (const [org, key] of orgKeys) {
      await checkedCall('getPartnerDefaultPlans', { path: { child_org_id: org }, key }, problems);
      const attributes = (await checkedCall(
        'listCommitmentAttributes',
        { path: { org_id: org }, key },
        problems,
      )) as {
        field: string;
      }[];
      for (const provider of PROVIDERS) {
        const q = { provider };
        const plans = (await checkedCall(
          'getDefaultPlans',
          { path: { org_id: org }, query: q, key },
          problems,
        )) as {
          id: string;
        }[];
        await checkedCall('getRecommendedPlan', { path: { org_id: org }, query: q, key }, problems);
        for (const { id } of plans) {
          const path = { org_id: org, plan_id: id };
          await checkedCall('getPlan', { path, key }, problems);
          for (const name of ['listLineItems', 'listResourceMatches'] as const) {
            for (let page = 1; page < 50; page++) {
              const query = { ...(name === 'listResourceMatches' ? DATES : {}), page, page_size: 100 };
              const items = (await checkedCall(name, { path, query, key }, problems)) as unknown[];
              if (items.length < 100) break;
            }
          }
        }
        const commitments = (await checkedCall(
          'listCommitments',
          { path: { org_id: org }, query: { ...q, only_active: false, page_size: 10000 }, key },
          problems,
        )) as { id: string }[];
        const sample = commitments.filter((_c, i) => i % 7 === 0);
        await Promise.all(
          sample.map((c) =>
            checkedCall(
              'getCommitmentDetails',
              {
                path: { org_id: org, commitment_id: c.id },
                query: { start_date: '2026-11-20', end_date: '2026-11-27' },
                key,
              },
              problems,
            ),
          ),
        );
        await checkedCall('getCommitmentSummary', { path: { org_id: org }, query: q, key }, problems);
        await checkedCall('getCommitmentComparison', { path: { org_id: org }, query: q, key }, problems);
        for (const name of ['getCommitmentMetrics', 'getDailyCoverage'] as const) {
          await checkedCall(
            name,
            { path: { org_id: org }, query: { ...q, start_date: '2026-10-28', end_date: '2026-11-27' }, key },
            problems,
          );
        }
        for (const { field } of attributes) {
          await checkedCall(
            'listCommitmentAttributeValues',
            { path: { org_id: org, field }, query: { ...q, only_active: false }, key },
            problems,
          );
        }
      }
    }
    expect(problems).toEqual([]);
    const total = [...checked.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(300);
  });
});

// ---------------------------------------------------------------------------------------------------
// Agreement with ajv on damaged answers.

/**
 * A value of a map in the 200 bodies: the specs' only map whose values have a schema is ResourceSKU.tags
 * (PurchasePlanContractSpec.properties takes any value).
 */
const MAP_VALUE = /(^|\.)tags\.[^.]+$/;

type Segment = string | number;
/** Every location in a JSON value (paths of segments), the root included. */
function locations(value: unknown, path: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((v, i) => locations(v, [...path, i], out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) locations(v, [...path, k], out);
  return out;
}

/** The checker's field for a location: indices become `[]`. */
function fieldOf(path: Segment[]): string {
  let field = '';
  for (const seg of path)
    field = typeof seg === 'number' ? `${field}[]` : field === '' ? seg : `${field}.${seg}`;
  return field;
}

const OTHER_TYPE: ((v: unknown) => unknown)[] = [
  (v) => (typeof v === 'string' ? 42 : 'text'),
  (v) => (typeof v === 'boolean' ? 1 : true),
  (v) => (Array.isArray(v) ? {} : []),
  (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? 'object' : { a: 1 }),
  (v) => (typeof v === 'number' ? `${v}` : 1.5),
];

describe('agreement with ajv on damaged answers', () => {
  it('valid exactly when no finding; one damage, one finding of the expected kind and field', () => {
    const rng = new Rng('drift-damage'); // deterministic: a failure replays
    const random = (): number => rng.next();
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    let damaged = 0;
    let invalid = 0;
    const disagreements: string[] = [];
    for (const e of UPSTREAM_ENDPOINTS) {
      const samples = bodies.get(e.name) ?? [];
      expect(samples.length).toBeGreaterThan(0);
      const validate = responseValidator(e, { strict: false });
      for (const sample of samples) {
        // Small copies: the root list cut to 3 items keeps every shape and keeps copying cheap.
        const base = Array.isArray(sample) ? sample.slice(0, 3) : sample;
        expect(validate(base)).toBe(true);
        const places = locations(base);
        for (let round = 0; round < 150; round++) {
          const body = copy(base) as Json;
          const path = pick(places);
          const parentPath = path.slice(0, -1);
          const last = path[path.length - 1];
          let parent: Json = body;
          for (const seg of parentPath) parent = parent[seg];
          const target = path.length === 0 ? body : parent[last!];
          const action = pick(['delete', 'null', 'type', 'string', 'case', 'extra'] as const);
          let expected: { kind: string; field: string } | undefined;
          let mutated: Json = body;
          if (action === 'delete' && typeof last === 'string') {
            delete parent[last];
            expected = { kind: 'missing', field: fieldOf(path) };
          } else if (action === 'null') {
            if (path.length === 0) mutated = null;
            else parent[last!] = null;
            expected = {
              kind: path.length === 0 ? 'body' : 'null',
              field: path.length === 0 ? '(body)' : fieldOf(path),
            };
          } else if (action === 'type') {
            const replacement = pick(OTHER_TYPE)(target);
            if (path.length === 0) mutated = replacement;
            else parent[last!] = replacement;
            expected = {
              kind: path.length === 0 ? 'body' : 'type',
              field: path.length === 0 ? '(body)' : fieldOf(path),
            };
          } else if (
            (action === 'string' || action === 'case') &&
            typeof target === 'string' &&
            path.length > 0
          ) {
            parent[last!] = action === 'case' ? target.toUpperCase() : 'zz_not_listed';
            expected = { kind: 'enum_value', field: fieldOf(path) };
          } else if (
            action === 'extra' &&
            target !== null &&
            typeof target === 'object' &&
            !Array.isArray(target)
          ) {
            target.zz_extra = 'x';
            expected = { kind: 'unknown_field', field: fieldOf([...path, 'zz_extra']) };
          } else {
            continue;
          }
          damaged++;
          const valid = validate(mutated) as boolean;
          const findings = checker.check(e.name, mutated);
          const where = `${e.name} ${action} ${JSON.stringify(path)}`;
          if (valid !== (findings.length === 0)) {
            disagreements.push(
              `${where}: ajv ${valid ? 'valid' : 'invalid'}, findings ${JSON.stringify(findings)}`,
            );
            continue;
          }
          if (valid) continue;
          invalid++;
          const [only, ...more] = findings;
          // Values of a map are reported under `*`.
          const field = MAP_VALUE.test(expected.field)
            ? expected.field.replace(/\.[^.]+$/, '.*')
            : expected.field;
          if (more.length > 0 || only?.kind !== expected.kind || only.field !== field) {
            disagreements.push(
              `${where}: expected ${expected.kind} ${field}, got ${JSON.stringify(findings)}`,
            );
          }
        }
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
    expect(damaged).toBeGreaterThan(2000);
    expect(invalid).toBeGreaterThan(1000);
  });
});
