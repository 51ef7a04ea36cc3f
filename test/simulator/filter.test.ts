/**
 * The `filter` query parameter (our inferred wire format: JSON of an object mapping attribute fields to
 * arrays of accepted values; values of one field OR'ed, fields AND'ed, AND'ed with provider, only_active and
 * search) on the inventory, the attribute values, metrics and daily coverage; and the order of attribute
 * values under order_by / desc.
 */
import { FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { ArcheraClient, ArcheraTransport } from '../../src/upstream';
import { call, cents, commitments, DEMO, pagination, type RequestOptions } from './helpers';

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Filter = Record<string, unknown>;
const json = (filter: Filter | unknown): string => JSON.stringify(filter);

/** The whole AWS inventory of the demo org (any status), in the default order. */
let inventory: Json[];
beforeAll(async () => {
  inventory = (
    await call<Json[]>(sim.url, commitments(DEMO), {
      query: { provider: 'aws', only_active: false, page_size: 10000 },
    })
  ).body;
  expect(inventory).toHaveLength(FIXTURES.commitmentCounts[DEMO].aws.total);
});

/** What the filter keeps of a list, computed here from its definition. */
const keep = (list: Json[], filter: Record<string, unknown[]>): Json[] =>
  list.filter((c) => Object.entries(filter).every(([field, values]) => values.includes(c[field])));

async function list(query: RequestOptions['query']): Promise<{ items: Json[]; total: number }> {
  const r = await call<Json[]>(sim.url, commitments(DEMO), { query: { provider: 'aws', ...query } });
  expect(r.status).toBe(200);
  return { items: r.body, total: pagination(r).total! };
}

const ids = (list: Json[]): string[] => list.map((c) => c.id as string);

describe('the inventory', () => {
  const ALL = { only_active: false, page_size: 10000 };

  it('ORs the values of one field and ANDs the fields; the total counts only what matches', async () => {
    const cases: Record<string, unknown[]>[] = [
      { type: ['Compute'] },
      { type: ['Compute', 'EC2Instance'] },
      { type: ['Compute', 'EC2Instance'], region: ['us-east-1'] },
      { type: ['EC2Instance'], region: ['us-east-1', 'eu-west-1'], status: ['active'] },
      { is_archera_guaranteed: [true] },
      { is_archera_guaranteed: [true, false] },
      { instance_count: [1, 2] },
      { guarantee_method: ['rebate'], contract_term: ['one_year_gris', 'thirty_day_gris'] },
      { end_date: [inventory[0]!.end_date, inventory[5]!.end_date] },
      { type: ['NoSuchType'] },
    ];
    for (const filter of cases) {
      const expected = keep(inventory, filter);
      const got = await list({ ...ALL, filter: json(filter) });
      expect({ filter, ids: ids(got.items), total: got.total }).toEqual({
        filter,
        ids: ids(expected),
        total: expected.length,
      });
    }
    // The cases narrow, and a narrower filter never finds more.
    expect(keep(inventory, cases[1]!).length).toBeGreaterThan(keep(inventory, cases[0]!).length);
    expect(keep(inventory, cases[2]!).length).toBeLessThan(keep(inventory, cases[1]!).length);
    expect(keep(inventory, cases[2]!).length).toBeGreaterThan(0);
    expect(keep(inventory, cases[4]!).length).toBeGreaterThan(0);
    expect(keep(inventory, cases[5]!)).toHaveLength(inventory.length);
  });

  it('matches no commitment whose value is null (Compute savings plans have no region)', async () => {
    const regions = [...new Set(inventory.map((c) => c.region).filter((r) => r !== null))];
    const got = await list({ ...ALL, filter: json({ region: regions }) });
    expect(got.total).toBe(inventory.filter((c) => c.region !== null).length);
    expect(got.total).toBeLessThan(inventory.length);
    expect(got.items.some((c) => c.type === 'Compute')).toBe(false);
  });

  it('is ANDed with only_active and search', async () => {
    const filter = { type: ['EC2', 'RDS'] };
    const active = await list({ page_size: 10000, filter: json(filter) });
    expect(ids(active.items)).toEqual(ids(keep(inventory, { ...filter, is_active: [true] })));
    const searched = await list({ ...ALL, search: 'us-east-1', filter: json(filter) });
    expect(searched.total).toBeGreaterThan(0);
    for (const c of searched.items) {
      expect(['EC2', 'RDS']).toContain(c.type);
      expect(JSON.stringify([c.display_name, c.region, c.instance_type])).toContain('us-east-1');
    }
    const contradiction = await list({ page_size: 10000, filter: json({ is_active: [false] }) });
    expect(contradiction).toEqual({ items: [], total: 0 });
  });

  it('treats {} (and an empty parameter) as no filter', async () => {
    const none = await call(sim.url, commitments(DEMO), { query: { provider: 'aws', page_size: 7 } });
    for (const filter of ['{}', '']) {
      const same = await call(sim.url, commitments(DEMO), {
        query: { provider: 'aws', page_size: 7, filter },
      });
      expect(same.text).toBe(none.text);
      expect(same.headers.get('x-pagination')).toBe(none.headers.get('x-pagination'));
    }
  });

  it('pages through the matching commitments only, each exactly once, in order', async () => {
    const filter = json({ type: ['EC2', 'EC2Instance'] });
    const expected = keep(inventory, { type: ['EC2', 'EC2Instance'] });
    expect(expected.length).toBeGreaterThan(25);
    const seen: Json[] = [];
    for (let page = 1; ; page++) {
      const r = await call<Json[]>(sim.url, commitments(DEMO), {
        query: { provider: 'aws', only_active: false, page, page_size: 10, filter },
      });
      const meta = pagination(r);
      expect(meta.total).toBe(expected.length);
      expect(meta.total_pages).toBe(Math.ceil(expected.length / 10));
      seen.push(...r.body);
      if (meta.next_page === undefined) break;
    }
    expect(ids(seen)).toEqual(ids(expected));
  });
});

describe('attribute values', () => {
  const values = async (field: string, query: RequestOptions['query'] = {}): Promise<unknown[]> => {
    const r = await call<unknown[]>(sim.url, `${commitments(DEMO)}/attributes/${field}`, {
      query: { provider: 'aws', only_active: false, ...query },
    });
    expect(r.status).toBe(200);
    return r.body;
  };
  const distinct = (list: Json[], field: string): unknown[] => [
    ...new Set(list.map((c) => c[field]).filter((v) => v !== null && v !== undefined)),
  ];

  it('are those of the commitments that match the filter (a filter on the field narrows its own values)', async () => {
    const guaranteed = { is_archera_guaranteed: [true] };
    for (const field of ['type', 'region', 'contract_term', 'payment_option', 'instance_count']) {
      const got = await values(field, { filter: json(guaranteed) });
      expect({ field, got }).toEqual({ field, got: distinct(keep(inventory, guaranteed), field) });
    }
    // Guaranteed commitments have GRI terms only.
    expect(await values('contract_term', { filter: json(guaranteed) })).not.toContain('three_year');
    expect(await values('type', { filter: json({ type: ['EC2', 'Compute'] }) })).toEqual(
      distinct(keep(inventory, { type: ['EC2', 'Compute'] }), 'type'),
    );
    expect(await values('region', { filter: json({ type: ['Compute'] }) })).toEqual([]);
  });

  it('stand where their first commitment stands in the inventory ordered by order_by and desc', async () => {
    const cases: [string, string | undefined, boolean | undefined][] = [
      ['region', undefined, undefined],
      ['type', 'utilization', true],
      ['type', 'monthly_net_savings', false],
      ['instance_type', 'start_date', true],
      ['contract_term', 'display_name', false],
    ];
    for (const [field, orderBy, desc] of cases) {
      const query = { order_by: orderBy, desc };
      const ordered = await list({ only_active: false, page_size: 10000, ...query });
      const got = await values(field, query);
      expect({ field, orderBy, desc, got }).toEqual({
        field,
        orderBy,
        desc,
        got: distinct(ordered.items, field),
      });
    }
  });

  it('are sorted by value when ordered by their own field, either way', async () => {
    for (const field of ['region', 'type', 'instance_type', 'contract_term', 'status']) {
      const asc = (await values(field, { order_by: field })) as string[];
      const desc = (await values(field, { order_by: field, desc: true })) as string[];
      const sorted = [...new Set(asc)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      expect({ field, asc }).toEqual({ field, asc: sorted });
      expect({ field, desc }).toEqual({ field, desc: [...sorted].reverse() });
      expect(asc.length).toBeGreaterThan(1);
    }
    const utilization = (await values('utilization', { order_by: 'utilization', desc: true })) as number[];
    expect(utilization).toEqual([...utilization].sort((a, b) => b - a));
  });
});

describe('metrics', () => {
  const PERIOD = { start_date: '2026-10-01', end_date: '2026-11-01' };
  const ADDITIVE = [
    'net_savings',
    'gross_savings',
    'premiums',
    'estimated_rebate',
    'commitment_cost',
    'ondemand_equivalent_cost',
    'underutilized_commitment_cost',
  ];
  const metrics = async (query: RequestOptions['query'] = {}): Promise<Json> => {
    const r = await call<Json>(sim.url, `${commitments(DEMO)}/metrics`, {
      query: { provider: 'aws', ...PERIOD, ...query },
    });
    expect(r.status).toBe(200);
    return r.body;
  };

  it('sum only the matching commitments: the metrics of a partition add up to the whole', async () => {
    const types = [...new Set(inventory.map((c) => c.type as string))];
    expect(types.length).toBeGreaterThan(2);
    const whole = await metrics();
    const parts = await Promise.all(types.map((type) => metrics({ filter: json({ type: [type] }) })));
    const both = await metrics({ filter: json({ type: types.slice(0, 2) }) });
    for (const f of ADDITIVE) {
      const sum = (list: Json[]) => list.reduce((s, m) => s + cents(m.totals[f]), 0);
      expect({ f, total: sum(parts) }).toEqual({ f, total: cents(whole.totals[f]) });
      expect({ f, total: cents(both.totals[f]) }).toEqual({ f, total: sum(parts.slice(0, 2)) });
    }
    expect(parts.map((p) => p.totals.utilization)).not.toEqual(parts.map(() => whole.totals.utilization));
    expect(await metrics({ filter: '{}' })).toEqual(whole);
    const none = await metrics({ filter: json({ type: ['NoSuchType'] }) });
    expect(none.totals.commitment_cost).toBe(0);
    expect(none.daily).toHaveLength(31);
  });
});

describe('422 for a filter that is not one', () => {
  const ENDPOINTS: [string, RequestOptions['query']][] = [
    [commitments(DEMO), {}],
    [`${commitments(DEMO)}/attributes/type`, {}],
    [`${commitments(DEMO)}/metrics`, { start_date: '2026-10-01', end_date: '2026-11-01' }],
    [`${commitments(DEMO)}/metrics/daily-coverage`, { start_date: '2026-10-01', end_date: '2026-11-01' }],
  ];
  const CASES: [string, string, string, RegExp][] = [
    ['invalid JSON', '{"type":["EC2"]', 'filter', /^Not valid JSON/],
    ['an array', '[{"type":["EC2"]}]', 'filter', /^Must be a JSON object mapping attribute fields/],
    ['null', 'null', 'filter', /^Must be a JSON object/],
    ['a string', '"EC2"', 'filter', /^Must be a JSON object/],
    [
      'an unknown field',
      '{"colour":["red"]}',
      'filter.colour',
      /^Unknown attribute field\. Must be one of: type, /,
    ],
    [
      'a value that is not a list',
      '{"type":"EC2"}',
      'filter.type',
      /^Must be a non-empty array of values\.$/,
    ],
    ['an empty list', '{"type":[]}', 'filter.type', /^Must be a non-empty array/],
    [
      'a number for a string field',
      '{"region":[1]}',
      'filter.region.0',
      /^Must be a string: region is a string/,
    ],
    [
      'a string for a number field',
      '{"instance_count":["2"]}',
      'filter.instance_count.0',
      /^Must be a number/,
    ],
    ['a string for a boolean field', '{"is_active":["true"]}', 'filter.is_active.0', /^Must be a boolean/],
    ['a number for a datetime field', '{"end_date":[2027]}', 'filter.end_date.0', /datetime attribute/],
    ['null as a value', '{"region":["us-east-1",null]}', 'filter.region.1', /^Must be a string/],
    ['an object as a value', '{"region":[{"eq":"x"}]}', 'filter.region.0', /^Must be a string/],
  ];

  it.each(CASES)('%s', async (_name, filter, where, message) => {
    for (const [path, query] of ENDPOINTS) {
      const r = await call<Json>(sim.url, path, { query: { provider: 'aws', ...query, filter } });
      expect({ path, status: r.status }).toEqual({ path, status: 422 });
      expect(r.body).toMatchObject({ code: 422, status: 'Unprocessable Entity' });
      expect(Object.keys(r.body.errors.query)).toEqual([where]);
      expect(r.body.errors.query[where]).toEqual([expect.stringMatching(message)]);
    }
  });

  it('reports every problem of the filter, and of the rest of the request, at once', async () => {
    const r = await call<Json>(sim.url, commitments(DEMO), {
      query: {
        provider: 'oracle',
        filter: json({ colour: ['red'], type: 'EC2', instance_count: [1, 'two'], region: ['us-east-1'] }),
      },
    });
    expect(r.status).toBe(422);
    expect(Object.keys(r.body.errors.query).sort()).toEqual([
      'filter.colour',
      'filter.instance_count.1',
      'filter.type',
      'provider',
    ]);
  });
});

describe('through ArcheraClient (the client serialises the filter the way the simulator reads it)', () => {
  let transport: ArcheraTransport;
  let client: ArcheraClient;
  beforeAll(() => {
    transport = new ArcheraTransport({ baseUrl: sim.url, timeoutMs: 5000 });
    client = new ArcheraClient(transport, { apiKey: FIXTURES.keys.demo });
  });
  afterAll(() => transport.close());

  it('lists, counts, lists values and sums metrics and coverage of the filtered commitments', async () => {
    const filter = { type: ['RDS', 'EC2'], is_archera_guaranteed: [true] };
    const expected = keep(inventory, filter);
    expect(expected.length).toBeGreaterThan(0);
    const page = await client.listCommitments(DEMO, {
      provider: 'aws',
      onlyActive: false,
      pageSize: 10000,
      filter,
    });
    expect(ids(page.items)).toEqual(ids(expected));
    expect(page.pagination.total).toBe(expected.length);
    const types = await client.listCommitmentAttributeValues(DEMO, 'type', {
      provider: 'aws',
      onlyActive: false,
      orderBy: 'type',
      filter,
    });
    expect(types).toEqual([...new Set(expected.map((c) => c.type as string))].sort());
    const period = { provider: 'aws' as const, startDate: '2026-10-01', endDate: '2026-11-01', filter };
    const [m, cov] = await Promise.all([
      client.getCommitmentMetrics(DEMO, period),
      client.getDailyCoverage(DEMO, period),
    ]);
    expect(cov.covered_ondemand_cost).toBe(m.totals?.ondemand_equivalent_cost);
    expect(cov.daily).toHaveLength(31);
    const calls = sim.callsTo('getDailyCoverage');
    expect(JSON.parse(calls.at(-1)!.query['filter'] as string)).toEqual({
      is_archera_guaranteed: [true],
      type: ['EC2', 'RDS'],
    });
  });
});
