/** Every endpoint in UPSTREAM_ENDPOINTS has a client method that builds its method, path and query right. */
import { UPSTREAM_ENDPOINTS, type EndpointName } from '../../src/upstream/endpoints';
import { ArcheraClient } from '../../src/upstream';
import { jsonQuery, type ClientCall } from '../../src/upstream/client';
import { harness, type Harness, KEY, ORG, PLAN, PLAN_BODY, PURCHASE_BODY } from './helpers';

const C = 'c0ffee00-0000-4000-8000-000000000001';

/** One call per endpoint, with the path and query string it must produce. */
const CASES: Record<
  EndpointName,
  { call: (c: ArcheraClient) => Promise<unknown>; path: string; body: unknown }
> = {
  getPlan: {
    call: (c) => c.getPlan(ORG, PLAN),
    path: `/v1/org/${ORG}/commitment-plans/${PLAN}`,
    body: PLAN_BODY,
  },
  applyPlan: {
    call: (c) => c.applyPlan(ORG, PLAN, { idempotencyKey: 'k1' }),
    path: `/v1/org/${ORG}/commitment-plans/${PLAN}/apply`,
    body: PLAN_BODY,
  },
  getDefaultPlans: {
    call: (c) => c.getDefaultPlans(ORG, 'azure'),
    path: `/v1/org/${ORG}/commitment-plans/default?provider=azure`,
    body: [],
  },
  getRecommendedPlan: {
    call: (c) => c.getRecommendedPlan(ORG, 'gcp'),
    path: `/v1/org/${ORG}/commitment-plans/recommended?provider=gcp`,
    body: PLAN_BODY,
  },
  listLineItems: {
    call: (c) =>
      c.listLineItems(ORG, PLAN, {
        page: 2,
        pageSize: 100,
        orderBy: 'savings',
        desc: true,
        segmentId: 'seg',
        resourceMatchIds: ['r1', 'r2'],
      }),
    path: `/v1/org/${ORG}/commitment-plans/${PLAN}/line-items?page=2&page_size=100&order_by=savings&desc=true&segment_id=seg&resource_match_ids=r1&resource_match_ids=r2`,
    body: [],
  },
  listResourceMatches: {
    call: (c) =>
      c.listResourceMatches(ORG, PLAN, {
        startDate: '2024-01-01',
        endDate: '2024-02-01',
        page: 1,
        pageSize: 50,
        orderBy: 'coverage',
        desc: false,
        lineItemIds: ['l1'],
      }),
    path: `/v1/org/${ORG}/commitment-plans/${PLAN}/resource-matches?start_date=2024-01-01&end_date=2024-02-01&page=1&page_size=50&order_by=coverage&desc=false&line_item_ids=l1`,
    body: [],
  },
  getPartnerDefaultPlans: {
    call: (c) => c.getPartnerDefaultPlans(ORG),
    path: `/v2/org/${ORG}/partners/plans/default`,
    body: [],
  },
  purchasePartnerPlan: {
    call: (c) =>
      c.purchasePartnerPlan(ORG, { planId: 'plan_abc123', confirm: true }, { idempotencyKey: 'k2' }),
    path: `/v2/org/${ORG}/partners/plans/purchase`,
    body: PURCHASE_BODY,
  },
  listCommitments: {
    call: (c) =>
      c.listCommitments(ORG, {
        provider: 'aws',
        onlyActive: false,
        search: 'm5',
        orderBy: 'end_date',
        desc: true,
        page: 3,
        pageSize: 1000,
        filter: { type: ['EC2Instance', 'Compute'], region: ['us-east-1'] },
      }),
    path: `/beta/v1/org/${ORG}/commitments?provider=aws&only_active=false&search=m5&order_by=end_date&desc=true&page=3&page_size=1000&filter=${encodeURIComponent('{"region":["us-east-1"],"type":["Compute","EC2Instance"]}')}`,
    body: [],
  },
  listCommitmentAttributes: {
    call: (c) => c.listCommitmentAttributes(ORG),
    path: `/beta/v1/org/${ORG}/commitments/attributes`,
    body: [],
  },
  listCommitmentAttributeValues: {
    call: (c) =>
      c.listCommitmentAttributeValues(ORG, 'instance type', {
        provider: 'aws',
        onlyActive: true,
        orderBy: 'instance_type',
        desc: true,
        filter: { is_archera_guaranteed: [true] },
      }),
    path: `/beta/v1/org/${ORG}/commitments/attributes/instance%20type?provider=aws&only_active=true&order_by=instance_type&desc=true&filter=${encodeURIComponent('{"is_archera_guaranteed":[true]}')}`,
    body: [],
  },
  getCommitmentSummary: {
    call: (c) => c.getCommitmentSummary(ORG, 'azure'),
    path: `/beta/v1/org/${ORG}/commitments/summary?provider=azure`,
    body: {},
  },
  getCommitmentComparison: {
    call: (c) =>
      c.getCommitmentComparison(ORG, {
        provider: 'aws',
        commitmentIds: [C, 'c2'],
        paymentOptions: ['no_upfront'],
      }),
    path: `/beta/v1/org/${ORG}/commitments/comparison?provider=aws&commitment_ids=${C}&commitment_ids=c2&payment_options=no_upfront`,
    body: {
      data: [],
      current_totals: {},
      hypothetical_totals: [],
      low_utilization_commitment_count: 0,
      skipped_commitments: [],
    },
  },
  getCommitmentMetrics: {
    call: (c) =>
      c.getCommitmentMetrics(ORG, {
        provider: 'gcp',
        startDate: '2024-01-01',
        endDate: '2024-01-08',
        filter: { instance_count: [2, 1] },
      }),
    path: `/beta/v1/org/${ORG}/commitments/metrics?provider=gcp&start_date=2024-01-01&end_date=2024-01-08&filter=${encodeURIComponent('{"instance_count":[1,2]}')}`,
    body: {},
  },
  getDailyCoverage: {
    call: (c) =>
      c.getDailyCoverage(ORG, {
        provider: 'azure',
        startDate: '2024-01-01',
        endDate: '2024-02-01',
        search: 'eastus',
        filter: { type: ['VirtualMachines'] },
      }),
    path: `/beta/v1/org/${ORG}/commitments/metrics/daily-coverage?provider=azure&start_date=2024-01-01&end_date=2024-02-01&search=eastus&filter=${encodeURIComponent('{"type":["VirtualMachines"]}')}`,
    body: {
      period_start: '2024-01-01',
      period_end: '2024-02-01',
      coverage: 0.8,
      covered_ondemand_cost: 80,
      uncovered_ondemand_cost: 20,
      daily: [],
    },
  },
  getCommitmentDetails: {
    call: (c) => c.getCommitmentDetails(ORG, C, { startDate: '2024-01-01' }),
    path: `/beta/v1/org/${ORG}/commitments/${C}?start_date=2024-01-01`,
    body: { id: C, provider: 'aws' },
  },
};

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(async () => {
  await h.close();
});

test('the client covers exactly the endpoints in UPSTREAM_ENDPOINTS', () => {
  expect(Object.keys(CASES).sort()).toEqual(UPSTREAM_ENDPOINTS.map((e) => e.name).sort());
  for (const e of UPSTREAM_ENDPOINTS) expect(typeof ArcheraClient.prototype[e.name]).toBe('function');
});

test.each(UPSTREAM_ENDPOINTS.map((e) => [e.name, e] as const))(
  '%s: method, path and query',
  async (name, endpoint) => {
    const spec = CASES[name];
    let seen: { path: string; method: string; headers: Record<string, string> } | undefined;
    h.pool.intercept({ path: () => true, method: () => true }).reply((opts) => {
      seen = { path: opts.path, method: opts.method, headers: opts.headers as Record<string, string> };
      return {
        statusCode: 200,
        data: JSON.stringify(spec.body),
        responseOptions: {
          headers: { 'content-type': 'application/json', 'x-pagination': '{"total":0,"page":1}' },
        },
      };
    });
    const client = new ArcheraClient(h.transport, { apiKey: KEY, requestId: 'rid' });
    const result = await spec.call(client);
    expect(seen).toBeDefined();
    expect(seen?.method).toBe(endpoint.method);
    // The query string's order is the client's (name order); its content is the spec's.
    const [seenPath, seenQuery] = (seen?.path ?? '').split('?');
    const [specPath, specQuery] = spec.path.split('?');
    expect(seenPath).toBe(specPath);
    expect([...new URLSearchParams(seenQuery)].sort()).toEqual([...new URLSearchParams(specQuery)].sort());
    expect(seen?.headers['x-api-key']).toBe(KEY);
    expect(seen?.headers['x-request-id']).toBe('rid');
    if (endpoint.method === 'POST') expect(seen?.headers['idempotency-key']).toMatch(/^k\d$/);
    if (endpoint.body === 'page') expect(result).toEqual({ items: [], pagination: { total: 0, page: 1 } });
    // Answers keep what Archera sent; the fields the graph's ids need are set from the path we asked for.
    else expect(result).toMatchObject(spec.body as object);
    if (endpoint.body === 'object' && endpoint.fromPath) {
      for (const field of Object.keys(endpoint.fromPath)) expect(result).toHaveProperty(field);
    }
  },
);

describe('the filter object', () => {
  it('is sent as JSON in one canonical form: fields in name order, values deduplicated and ordered', () => {
    expect(jsonQuery({ type: ['EC2Instance', 'Compute'], region: ['us-east-1'] })).toBe(
      '{"region":["us-east-1"],"type":["Compute","EC2Instance"]}',
    );
    expect(jsonQuery({ region: ['us-east-1'], type: ['Compute', 'EC2Instance', 'Compute'] })).toBe(
      '{"region":["us-east-1"],"type":["Compute","EC2Instance"]}',
    );
    // Mixed scalars keep their JSON types; their order is that of their JSON text.
    expect(jsonQuery({ instance_count: [10, 2], is_flexible: [true, false], 'a "b"': ['x'] })).toBe(
      '{"a \\"b\\"":["x"],"instance_count":[10,2],"is_flexible":[false,true]}',
    );
    expect(JSON.parse(jsonQuery({ utilization: [0.5, 1] })!)).toEqual({ utilization: [0.5, 1] });
  });

  it('is no parameter at all when empty', () => {
    expect(jsonQuery({})).toBeUndefined();
  });

  it('makes the same URL and the same call (cache key) for the same filter, whatever its order', async () => {
    const calls: ClientCall[] = [];
    const paths: string[] = [];
    h.pool
      .intercept({ path: () => true, method: 'GET' })
      .reply((opts) => {
        paths.push(opts.path);
        return {
          statusCode: 200,
          data: '[]',
          responseOptions: { headers: { 'content-type': 'application/json', 'x-pagination': '{"total":0}' } },
        };
      })
      .times(4);
    const client = new ArcheraClient(h.transport, {
      apiKey: KEY,
      middleware: [
        (call, next) => {
          calls.push(call);
          return next(call);
        },
      ],
    });
    await client.listCommitments(ORG, {
      provider: 'aws',
      filter: { type: ['EC2', 'RDS'], region: ['eu-west-1'] },
    });
    await client.listCommitments(ORG, {
      filter: { region: ['eu-west-1'], type: ['RDS', 'EC2', 'RDS'] },
      provider: 'aws',
    });
    await client.listCommitments(ORG, { provider: 'aws', filter: {} });
    await client.listCommitments(ORG, { provider: 'aws' });
    expect(paths[1]).toBe(paths[0]);
    expect(calls[1]).toEqual(calls[0]);
    expect(paths[0]).toBe(
      `/beta/v1/org/${ORG}/commitments?filter=${encodeURIComponent('{"region":["eu-west-1"],"type":["EC2","RDS"]}')}&provider=aws`,
    );
    // An empty filter is no filter: the same URL as none.
    expect(paths[2]).toBe(`/beta/v1/org/${ORG}/commitments?provider=aws`);
    expect(paths[3]).toBe(paths[2]);
  });
});
