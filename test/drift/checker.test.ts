/**
 * The drift checker on hand-damaged answers: every kind, nested arrays, anyOf/null, maps, unions,
 * case-only enum values, the per-answer de-duplication, the caps on unknown names, headers, and a spec
 * the compiler must refuse. Valid answers come from the simulator (its data matches the specs, see
 * simulator-clean.test.ts); each test damages a copy.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { UPSTREAM_ENDPOINTS } from '../../src/upstream/endpoints';
import {
  createDriftChecker,
  isReportableFieldName,
  SPEC_DIR,
  SpecError,
  type DriftChecker,
  type DriftFinding,
} from '../../src/upstream/drift';
import { copy, raw, type Json } from './helpers';

const { orgs } = FIXTURES;
const DATES = { start_date: '2026-11-01', end_date: '2026-11-26' };

let sim: StartedSimulator;
let checker: DriftChecker;
const samples: Record<string, Json> = {};
let paginationHeader = '';

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  checker = createDriftChecker();
  const get = async (name: Parameters<typeof raw>[1], req: Parameters<typeof raw>[2]): Promise<Json> => {
    const answer = await raw(sim, name, req);
    expect(answer.status).toBe(200);
    if (name === 'listLineItems') paginationHeader = answer.headers.get('x-pagination') ?? '';
    return JSON.parse(answer.text) as Json;
  };
  const plan = { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId };
  samples.plans = await get('getDefaultPlans', { path: { org_id: orgs.demo }, query: { provider: 'aws' } });
  samples.plan = await get('getPlan', { path: plan });
  samples.lineItems = await get('listLineItems', { path: plan, query: { page_size: 100 } });
  samples.matches = await get('listResourceMatches', { path: plan, query: { ...DATES, page_size: 100 } });
  samples.partner = await get('getPartnerDefaultPlans', { path: { child_org_id: orgs.child } });
  samples.commitments = await get('listCommitments', {
    path: { org_id: orgs.demo },
    query: { provider: 'aws', only_active: false, page_size: 100 },
  });
  samples.comparison = await get('getCommitmentComparison', {
    path: { org_id: orgs.demo },
    query: { provider: 'aws' },
  });
  samples.summary = await get('getCommitmentSummary', {
    path: { org_id: orgs.demo },
    query: { provider: 'aws' },
  });
  samples.values = await get('listCommitmentAttributeValues', {
    path: { org_id: orgs.demo, field: 'region' },
    query: { provider: 'aws' },
  });
});
afterAll(() => sim.close());

/** `kind field` per finding, sorted: the order of findings is not part of the contract. */
const kinds = (findings: readonly DriftFinding[]) => findings.map((f) => `${f.kind} ${f.field}`).sort();
const sorted = (findings: readonly DriftFinding[]) =>
  [...findings].sort((a, b) => `${a.kind} ${a.field}`.localeCompare(`${b.kind} ${b.field}`));

describe('compiling the specs', () => {
  it('compiles all 16 endpoints and knows their 2xx statuses', () => {
    for (const e of UPSTREAM_ENDPOINTS) expect(checker.successStatuses(e.name)).toContain(200);
    expect(checker.successStatuses('getRecommendedPlan')).toEqual([200, 204]);
  });

  it('answers a faithful body with the same frozen empty array (nothing allocated)', () => {
    const a = checker.check('getDefaultPlans', samples.plans);
    const b = checker.check('listLineItems', samples.lineItems);
    expect(a).toEqual([]);
    expect(a).toBe(b);
    expect(Object.isFrozen(a)).toBe(true);
  });

  describe('refuses a spec outside the supported subset, when it is built', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'drift-spec-'));
      cpSync(SPEC_DIR, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const edit = (mutate: (spec: Json) => void) => {
      const file = path.join(dir, 'archera-v2-partner.openapi.json');
      const spec = JSON.parse(readFileSync(file, 'utf8')) as Json;
      mutate(spec);
      writeFileSync(file, JSON.stringify(spec));
    };

    it.each([
      [
        'oneOf',
        (s: Json) => (s.components.schemas.PartnerPlanRisk.properties.max_term.oneOf = [{ type: 'string' }]),
      ],
      ['const', (s: Json) => (s.components.schemas.PartnerPlanRisk.properties.max_term.const = 'x')],
      ['allOf', (s: Json) => (s.components.schemas.PartnerPlan.allOf = [{ type: 'object' }])],
      [
        'an external $ref',
        (s: Json) => (s.components.schemas.PartnerPlan.properties.risk = { $ref: 'other.json#/x' }),
      ],
      [
        'a recursive $ref',
        (s: Json) => {
          s.components.schemas.PartnerPlanRisk.properties.again = {
            $ref: '#/components/schemas/PartnerPlanRisk',
          };
        },
      ],
      [
        'a numeric enum',
        (s: Json) => (s.components.schemas.PartnerPlanRisk.properties.max_term.enum = [1, 2]),
      ],
    ])('%s', (_name, mutate) => {
      edit(mutate);
      expect(() => createDriftChecker(dir)).toThrow(SpecError);
    });

    it('a missing directory, with a message that says where it looked', () => {
      expect(() => createDriftChecker(path.join(dir, 'nope'))).toThrow(
        /cannot read the OpenAPI specs in .*nope/,
      );
    });

    it('ignores annotations and validation words no drift kind covers (format, minimum, x-…)', () => {
      edit((s) => {
        Object.assign(s.components.schemas.PartnerPlanRisk.properties.max_term, {
          minLength: 3,
          pattern: '^x',
          'x-anything': true,
        });
      });
      expect(createDriftChecker(dir).check('getPartnerDefaultPlans', samples.partner)).toEqual([]);
    });
  });
});

describe('kinds', () => {
  it('missing: a required property absent, nested too', () => {
    const body = copy(samples.partner);
    delete body[0].risk;
    delete body[1].risk.risk_level;
    delete body[1].name;
    expect(kinds(checker.check('getPartnerDefaultPlans', body))).toEqual([
      'missing [].name',
      'missing [].risk',
      'missing [].risk.risk_level',
    ]);
  });

  it('missing: on an object answer the field has no prefix', () => {
    const body = copy(samples.comparison);
    delete body.current_totals;
    expect(kinds(checker.check('getCommitmentComparison', body))).toEqual(['missing current_totals']);
  });

  it('an optional property may be absent', () => {
    const body = copy(samples.summary);
    delete body.as_of_date;
    expect(checker.check('getCommitmentSummary', body)).toEqual([]);
  });

  it('null: where the schema does not allow it; allowed where type or anyOf has null', () => {
    const body = copy(samples.lineItems);
    body[0].offer.display_name = null; // type: [string, null]
    body[0].offer.offering_class = null; // enum with null, no type
    body[1].offer.provider = null; // string enum without null
    body[2].contract_spec = null; // object
    body[3].savings = null; // number
    expect(kinds(checker.check('listLineItems', body))).toEqual([
      'null [].contract_spec',
      'null [].offer.provider',
      'null [].savings',
    ]);
  });

  it('anyOf [$ref, null]: null is fine, the referenced schema still applies to an object', () => {
    const body = copy(samples.matches);
    const withResource = body.findIndex((m: Json) => m.resource !== null);
    expect(withResource).toBeGreaterThanOrEqual(0);
    body[withResource === 0 ? 1 : 0].resource = null;
    expect(checker.check('listResourceMatches', body)).toEqual([]);
    body[withResource].resource.provider = 'oracle';
    body[withResource].resource.region = 42;
    body[withResource].resource.tags = { team: 'a', 'Cost Center': 7 };
    expect(sorted(checker.check('listResourceMatches', body))).toEqual([
      {
        endpoint: 'listResourceMatches',
        kind: 'enum_value',
        field: '[].resource.provider',
        value: 'oracle',
        caseOnly: false,
      },
      { endpoint: 'listResourceMatches', kind: 'type', field: '[].resource.region' },
      // A map (additionalProperties: {type: string}): any key, its values checked under `*`.
      { endpoint: 'listResourceMatches', kind: 'type', field: '[].resource.tags.*' },
    ]);
    body[withResource] = { ...body[withResource], resource: 'sku-1' };
    expect(kinds(checker.check('listResourceMatches', body))).toEqual(['type [].resource']);
  });

  it('type: another JSON type, an integer with a fraction, an array for an object and back', () => {
    const body = copy(samples.comparison);
    body.low_utilization_commitment_count = 1.5; // integer
    body.current_totals = [];
    body.data = {};
    body.hypothetical_totals[0].resolutions = 'none';
    expect(kinds(checker.check('getCommitmentComparison', body))).toEqual([
      'type current_totals',
      'type data',
      'type hypothetical_totals[].resolutions',
      'type low_utilization_commitment_count',
    ]);
  });

  it('type: numbers sent as strings, booleans as strings', () => {
    const body = copy(samples.plans);
    body[0].savings_hourly = '12.50';
    body[0].is_calculating = 'false';
    expect(kinds(checker.check('getDefaultPlans', body))).toEqual([
      'type [].is_calculating',
      'type [].savings_hourly',
    ]);
  });

  it('enum_value: the unseen value, and whether it differs only in case', () => {
    const body = copy(samples.lineItems);
    body[0].offer.provider = 'AWS';
    body[1].payment_option = 'no_upfront'; // the spec says 'No Upfront': not a case difference
    body[2].contract_term = 'ONE_YEAR';
    expect(sorted(checker.check('listLineItems', body))).toEqual(
      [
        {
          endpoint: 'listLineItems',
          kind: 'enum_value',
          field: '[].contract_term',
          value: 'ONE_YEAR',
          caseOnly: true,
        },
        {
          endpoint: 'listLineItems',
          kind: 'enum_value',
          field: '[].offer.provider',
          value: 'AWS',
          caseOnly: true,
        },
        {
          endpoint: 'listLineItems',
          kind: 'enum_value',
          field: '[].payment_option',
          value: 'no_upfront',
          caseOnly: false,
        },
      ].sort((a, b) => (a.field < b.field ? -1 : 1)) as DriftFinding[],
    );
  });

  it('enum_value: an enum without type (plan status), a nullable enum, and a non-string is a type', () => {
    const plan = copy(samples.plan);
    plan.status = 'archived';
    expect(checker.check('getPlan', plan)).toEqual([
      { endpoint: 'getPlan', kind: 'enum_value', field: 'status', value: 'archived', caseOnly: false },
    ]);
    plan.status = 3;
    expect(kinds(checker.check('getPlan', plan))).toEqual(['type status']);
    const commitments = copy(samples.commitments);
    commitments[0].guarantee_method = null;
    commitments[1].guarantee_method = 'Rebate';
    expect(checker.check('listCommitments', commitments)).toEqual([
      {
        endpoint: 'listCommitments',
        kind: 'enum_value',
        field: '[].guarantee_method',
        value: 'Rebate',
        caseOnly: true,
      },
    ]);
  });

  it('enum_value: nested arrays keep a path without indices', () => {
    const body = copy(samples.comparison);
    const entry = body.data.findIndex((d: Json) => d.candidates.length > 1);
    expect(entry).toBeGreaterThanOrEqual(0);
    body.data[entry].candidates[1].payment_option = 'heavy_utilization';
    expect(checker.check('getCommitmentComparison', body)).toEqual([
      {
        endpoint: 'getCommitmentComparison',
        kind: 'enum_value',
        field: 'data[].candidates[].payment_option',
        value: 'heavy_utilization',
        caseOnly: false,
      },
    ]);
  });

  it('a long unseen value is cut to 100 characters', () => {
    const body = copy(samples.plan);
    body.status = 'x'.repeat(500);
    expect(checker.check('getPlan', body)[0]?.value).toBe(`${'x'.repeat(100)}…`);
  });

  it('unknown_field: undeclared properties, at any depth', () => {
    const body = copy(samples.partner);
    body[0].partner_margin = 0.1;
    body[0].risk.var_95 = 12;
    body[0].configuration.schedule = { at: 'now' };
    expect(kinds(checker.check('getPartnerDefaultPlans', body))).toEqual([
      'unknown_field [].configuration.schedule',
      'unknown_field [].partner_margin',
      'unknown_field [].risk.var_95',
    ]);
  });

  it('unknown_field: names that look like data become (other)', () => {
    const body = copy(samples.summary);
    body['3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f'] = 1;
    body['someone@example.com'] = 1;
    body['a'.repeat(65)] = 1;
    body['acct_123456789'] = 1;
    body['deadbeefcafebabe'] = 1;
    body['with space'] = 1;
    expect(kinds(checker.check('getCommitmentSummary', body))).toEqual(['unknown_field (other)']);
  });

  it('body: not JSON, or not the top-level shape expected', () => {
    expect(checker.checkJson('getDefaultPlans', '<html>502</html>')).toEqual([
      { endpoint: 'getDefaultPlans', kind: 'body', field: '(body)' },
    ]);
    expect(kinds(checker.check('getDefaultPlans', samples.plan))).toEqual(['body (body)']);
    expect(kinds(checker.check('getPlan', samples.plans))).toEqual(['body (body)']);
    expect(kinds(checker.check('getPlan', null))).toEqual(['body (body)']);
    expect(kinds(checker.check('getPlan', 'ok'))).toEqual(['body (body)']);
    expect(checker.checkJson('getPlan', Buffer.from(JSON.stringify(samples.plan)))).toEqual([]);
  });

  it('a union type (string | number | boolean): other types only', () => {
    expect(checker.check('listCommitmentAttributeValues', ['us-east-1', 3, true])).toEqual([]);
    expect(kinds(checker.check('listCommitmentAttributeValues', ['a', null, { v: 1 }]))).toEqual([
      'null []',
      'type []',
    ]);
  });

  it('value is set for enum_value only', () => {
    const body = copy(samples.partner);
    body[0].status = 'archived';
    body[0].name = 7;
    body[0].provider = null;
    body[0].zzz = 'secret-id-123';
    delete body[0].org_id;
    const findings = checker.check('getPartnerDefaultPlans', body);
    expect(findings.map((f) => f.kind).sort()).toEqual([
      'enum_value',
      'missing',
      'null',
      'type',
      'unknown_field',
    ]);
    for (const f of findings) expect('value' in f).toBe(f.kind === 'enum_value');
  });
});

describe('bounds', () => {
  it('each (kind, field) once per answer, however many rows carry it', () => {
    const body = copy(samples.commitments);
    for (const c of body) {
      c.status = 'archived';
      c.provider = 'AWS';
      c.extra = 1;
      delete c.id;
    }
    expect(body.length).toBeGreaterThan(50);
    expect(kinds(checker.check('listCommitments', body))).toEqual([
      'enum_value [].provider',
      'enum_value [].status',
      'missing [].id',
      'unknown_field [].extra',
    ]);
    // The next answer reports again.
    expect(checker.check('listCommitments', body)).toHaveLength(4);
  });

  it('enumValuesPerField: several distinct values per field and answer when asked (the probe)', () => {
    const wide = createDriftChecker({ enumValuesPerField: 3 });
    const body = copy(samples.commitments);
    ['archived', 'archived', 'suspended', 'Active', 'gone', 'lost'].forEach((s, i) => (body[i].status = s));
    expect(wide.check('listCommitments', body).map((f) => f.value)).toEqual([
      'archived',
      'suspended',
      'Active',
    ]);
    expect(checker.check('listCommitments', body).map((f) => f.value)).toEqual(['archived']);
  });

  it('caps distinct unknown names per endpoint over the checker life, then (other)', () => {
    const capped = createDriftChecker({ maxUnknownFieldsPerEndpoint: 3 });
    const body = copy(samples.plan);
    body.one = 1;
    body.two = 2;
    expect(kinds(capped.check('getPlan', body))).toEqual(['unknown_field one', 'unknown_field two']);
    const next = copy(samples.plan);
    Object.assign(next, { three: 3, four: 4, five: 5, one: 1 });
    expect(kinds(capped.check('getPlan', next))).toEqual([
      'unknown_field (other)',
      'unknown_field one',
      'unknown_field three',
    ]);
    // Named ones stay named; the cap is per endpoint.
    expect(kinds(capped.check('getPlan', next))).toEqual([
      'unknown_field (other)',
      'unknown_field one',
      'unknown_field three',
    ]);
    const plans = copy(samples.plans);
    plans[0].four = 4;
    expect(kinds(capped.check('getDefaultPlans', plans))).toEqual(['unknown_field [].four']);
  });

  it('a flood of data-like keys yields a bounded set of fields', () => {
    const body = copy(samples.commitments);
    body.forEach((c: Json, i: number) => {
      c[`k${i}`] = 1;
      c[`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`] = 1;
    });
    const fresh = createDriftChecker();
    const fields = new Set<string>();
    for (let round = 0; round < 3; round++)
      for (const f of fresh.check('listCommitments', body)) fields.add(f.field);
    expect(fields.size).toBeLessThanOrEqual(51);
    expect(fields).toContain('[].(other)');
  });

  it.each([
    ['savings_hourly', true],
    ['riskLevel', true],
    ['x-trace', true],
    ['p95', true],
    ['aws_2024', true],
    ['3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f', false],
    ['3f2a9c1e7b4d4e8a9c0f1a2b3c4d5e6f', false],
    ['user@example.com', false],
    ['i-0a1b2c3d4e5f67890', false],
    ['acct9f31c2', false],
    ['ec2_instance', true],
    ['v2beta1', true],
    ['123', false],
    ['a.b', false],
    ['', false],
    ['x'.repeat(64), true],
    ['x'.repeat(65), false],
  ])('isReportableFieldName(%j) is %s', (name, expected) => {
    expect(isReportableFieldName(name)).toBe(expected);
  });
});

describe('headers', () => {
  it('a paginated endpoint must carry a valid X-Pagination', () => {
    expect(paginationHeader).not.toBe('');
    expect(checker.checkHeaders('listLineItems', { 'x-pagination': paginationHeader })).toEqual([]);
    expect(checker.checkHeaders('listLineItems', new Headers({ 'X-Pagination': paginationHeader }))).toEqual(
      [],
    );
    expect(checker.checkHeaders('listLineItems', {})).toEqual([
      { endpoint: 'listLineItems', kind: 'missing', field: 'header:X-Pagination' },
    ]);
    expect(kinds(checker.checkHeaders('listCommitments', { 'x-pagination': 'page=1' }))).toEqual([
      'type header:X-Pagination',
    ]);
    const bad = { ...(JSON.parse(paginationHeader) as Json), next_page: '2', cursor: 'abc', total: null };
    expect(
      kinds(checker.checkHeaders('listResourceMatches', { 'X-Pagination': JSON.stringify(bad) })),
    ).toEqual([
      'null header:X-Pagination.total',
      'type header:X-Pagination.next_page',
      'unknown_field header:X-Pagination.cursor',
    ]);
  });

  it('an endpoint that is not paginated needs no header', () => {
    expect(checker.checkHeaders('getDefaultPlans', {})).toEqual([]);
    expect(checker.checkHeaders('getPartnerDefaultPlans', { 'x-pagination': 'whatever' })).toEqual([]);
  });
});
