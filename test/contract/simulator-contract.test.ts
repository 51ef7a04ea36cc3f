/**
 * Contract: every response the simulator gives, on all 16 endpoints, matches the OpenAPI specs (status
 * documented, body and X-Pagination header valid). The test walks the specs: every documented status of
 * every operation is provoked, unless listed in NOT_PRODUCED with the reason; every endpoint of
 * UPSTREAM_ENDPOINTS must be exercised; any undocumented status fails.
 */
import { type ValidateFunction } from 'ajv/dist/2020';
import { FIXTURES, type FaultRule, startSimulator, type StartedSimulator } from '../../src/simulator';
import {
  type EndpointName,
  UPSTREAM_ENDPOINTS,
  type UpstreamEndpoint,
  type UpstreamFamily,
} from '../../src/upstream/endpoints';
import { type OpenApiDoc, operationOf, type ResponseObject, schemaValidator, SPECS } from '../helpers/spec';
import { withQuery } from '../simulator/helpers';

// ---------------------------------------------------------------------------------------------------
// The specs (test/helpers/spec.ts), read strictly: formats checked, every error reported.

function deref(spec: OpenApiDoc, response: ResponseObject): ResponseObject {
  if (!response.$ref) return response;
  const name = response.$ref.replace('#/components/responses/', '');
  const target = spec.components.responses?.[name];
  if (!target) throw new Error(`unresolved ${response.$ref}`);
  return target;
}

/** The documented response for a status: explicit, or the operation's `default` for an error status. */
function documented(
  endpoint: UpstreamEndpoint,
  status: number,
): { response: ResponseObject; via: 'explicit' | 'default' } | undefined {
  const op = operationOf(endpoint);
  const spec = SPECS[endpoint.family];
  const explicit = op.responses[String(status)];
  if (explicit) return { response: deref(spec, explicit), via: 'explicit' };
  const fallback = op.responses.default;
  if (fallback && status >= 400) return { response: deref(spec, fallback), via: 'default' };
  return undefined;
}

function explicitStatuses(endpoint: UpstreamEndpoint): number[] {
  return Object.keys(operationOf(endpoint).responses)
    .filter((s) => s !== 'default')
    .map(Number);
}

// ---------------------------------------------------------------------------------------------------
// Requests that provoke each status, per endpoint.

const { orgs } = FIXTURES;
const MISSING_UUID = '00000000-0000-4000-8000-000000000000';
const DATES = { start_date: '2026-11-01', end_date: '2026-11-26' };
/** A filter object (JSON in the query), and one that is not valid. */
const FILTER = JSON.stringify({ type: ['Compute', 'EC2Instance'], region: ['us-east-1'] });
const BAD_FILTER = JSON.stringify({ colour: ['red'] });
const ENDPOINT = new Map(UPSTREAM_ENDPOINTS.map((e) => [e.name, e]));

interface Req {
  path: Record<string, string>;
  query?: Record<string, string | number | boolean | readonly string[]>;
  key?: string | null;
  method?: string;
  body?: unknown;
  faults?: FaultRule[];
  /** State to set up first (e.g. a purchase before the 409). */
  before?: (sim: StartedSimulator) => Promise<void>;
}

interface Scenario {
  status: number;
  name: string;
  req: Req;
}

/** A request that succeeds, per endpoint: the base of the generated error scenarios. */
const OK: Record<EndpointName, Req> = {
  getPlan: { path: { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId } },
  applyPlan: { path: { org_id: orgs.demo, plan_id: FIXTURES.recommendedPlan.planId } },
  getDefaultPlans: { path: { org_id: orgs.demo }, query: { provider: 'aws' } },
  getRecommendedPlan: { path: { org_id: orgs.demo }, query: { provider: 'aws' } },
  listLineItems: {
    path: { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId },
    query: { page_size: 100 },
  },
  listResourceMatches: {
    path: { org_id: orgs.demo, plan_id: FIXTURES.largePlan.planId },
    query: { ...DATES, page_size: 100 },
  },
  getPartnerDefaultPlans: { path: { child_org_id: orgs.child } },
  purchasePartnerPlan: {
    path: { child_org_id: orgs.child },
    body: { plan_id: FIXTURES.partnerPlan.planId, confirm: true },
  },
  listCommitments: {
    path: { org_id: orgs.demo },
    query: { provider: 'aws', only_active: false, page_size: 10000 },
  },
  listCommitmentAttributes: { path: { org_id: orgs.demo } },
  listCommitmentAttributeValues: { path: { org_id: orgs.demo, field: 'type' }, query: { provider: 'aws' } },
  getCommitmentSummary: { path: { org_id: orgs.demo }, query: { provider: 'aws' } },
  getCommitmentComparison: { path: { org_id: orgs.demo }, query: { provider: 'aws' } },
  getCommitmentMetrics: {
    path: { org_id: orgs.demo },
    query: { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-27' },
  },
  getCommitmentDetails: {
    path: { org_id: orgs.demo, commitment_id: FIXTURES.commitment.commitmentId },
    query: DATES,
  },
  getDailyCoverage: {
    path: { org_id: orgs.demo },
    query: { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-27' },
  },
};

const orgParam = (e: UpstreamEndpoint) => (e.path.includes('{child_org_id}') ? 'child_org_id' : 'org_id');
const withOrg = (e: UpstreamEndpoint, req: Req, org: string): Req => ({
  ...req,
  path: { ...req.path, [orgParam(e)]: org },
});
const withPath = (req: Req, path: Record<string, string>): Req => ({
  ...req,
  path: { ...req.path, ...path },
});
const withQueryOf = (req: Req, query: Req['query']): Req => ({ ...req, query: { ...req.query, ...query } });

/** Scenarios specific to an endpoint (beyond the generated 401/403/404-org/405/500/429). */
const SPECIFIC: Record<EndpointName, Scenario[]> = {
  getPlan: [
    ...[FIXTURES.fewItemsPlan, FIXTURES.emptyPlan, FIXTURES.completedPlan, FIXTURES.noRecommendedPlan].map(
      (f) => ({
        status: 200,
        name: `plan ${f.name} (${f.provider})`,
        req: withPath(OK.getPlan, { plan_id: f.planId }),
      }),
    ),
    { status: 404, name: 'unknown plan', req: withPath(OK.getPlan, { plan_id: MISSING_UUID }) },
    { status: 422, name: 'malformed plan id', req: withPath(OK.getPlan, { plan_id: 'abc' }) },
  ],
  applyPlan: [
    {
      status: 409,
      name: 'completed plan',
      req: withPath(OK.applyPlan, { plan_id: FIXTURES.completedPlan.planId }),
    },
    { status: 404, name: 'unknown plan', req: withPath(OK.applyPlan, { plan_id: MISSING_UUID }) },
    { status: 422, name: 'malformed plan id', req: withPath(OK.applyPlan, { plan_id: 'abc' }) },
  ],
  getDefaultPlans: [
    { status: 200, name: 'azure', req: withQueryOf(OK.getDefaultPlans, { provider: 'azure' }) },
    {
      status: 200,
      name: 'gcp (one plan calculating)',
      req: withQueryOf(OK.getDefaultPlans, { provider: 'gcp' }),
    },
    {
      status: 200,
      name: 'no data (kubernetes)',
      req: withQueryOf(OK.getDefaultPlans, { provider: 'kubernetes' }),
    },
    { status: 422, name: 'missing provider', req: { path: OK.getDefaultPlans.path } },
  ],
  getRecommendedPlan: [
    {
      status: 204,
      name: 'none available (gcp)',
      req: withQueryOf(OK.getRecommendedPlan, { provider: 'gcp' }),
    },
    {
      status: 422,
      name: 'unknown provider',
      req: withQueryOf(OK.getRecommendedPlan, { provider: 'oracle' }),
    },
  ],
  listLineItems: [
    { status: 200, name: 'page beyond the last', req: withQueryOf(OK.listLineItems, { page: 99 }) },
    {
      status: 200,
      name: 'empty plan',
      req: withPath(OK.listLineItems, { plan_id: FIXTURES.emptyPlan.planId }),
    },
    {
      status: 200,
      name: 'ordered by offer.type desc',
      req: withQueryOf(OK.listLineItems, { order_by: 'offer.type', desc: true }),
    },
    { status: 404, name: 'unknown plan', req: withPath(OK.listLineItems, { plan_id: MISSING_UUID }) },
    { status: 422, name: 'page_size over 100', req: withQueryOf(OK.listLineItems, { page_size: 101 }) },
  ],
  listResourceMatches: [
    {
      status: 200,
      name: 'no usage in range',
      req: withQueryOf(OK.listResourceMatches, { start_date: '2020-01-01', end_date: '2020-01-31' }),
    },
    { status: 404, name: 'unknown plan', req: withPath(OK.listResourceMatches, { plan_id: MISSING_UUID }) },
    { status: 422, name: 'missing dates', req: { path: OK.listResourceMatches.path } },
  ],
  getPartnerDefaultPlans: [
    {
      status: 200,
      name: 'demo org',
      req: withOrg(ENDPOINT.get('getPartnerDefaultPlans')!, OK.getPartnerDefaultPlans, orgs.demo),
    },
    {
      status: 422,
      name: 'malformed org id',
      req: withOrg(ENDPOINT.get('getPartnerDefaultPlans')!, OK.getPartnerDefaultPlans, 'child'),
    },
  ],
  purchasePartnerPlan: [
    {
      status: 409,
      name: 'already purchased',
      req: {
        ...OK.purchasePartnerPlan,
        before: async (sim) => {
          await send(sim, ENDPOINT.get('purchasePartnerPlan')!, OK.purchasePartnerPlan);
        },
      },
    },
    {
      status: 404,
      name: 'unknown plan',
      req: { ...OK.purchasePartnerPlan, body: { plan_id: 'plan_0000000000000000', confirm: true } },
    },
    {
      status: 422,
      name: 'confirm false',
      req: { ...OK.purchasePartnerPlan, body: { plan_id: FIXTURES.partnerPlan.planId, confirm: false } },
    },
    { status: 422, name: 'no body', req: { ...OK.purchasePartnerPlan, body: undefined } },
  ],
  listCommitments: [
    {
      status: 200,
      name: 'active only, by utilization desc',
      req: withQueryOf(OK.listCommitments, { only_active: true, order_by: 'utilization', desc: true }),
    },
    { status: 200, name: 'azure', req: withQueryOf(OK.listCommitments, { provider: 'azure' }) },
    { status: 200, name: 'gcp', req: withQueryOf(OK.listCommitments, { provider: 'gcp' }) },
    { status: 200, name: 'search', req: withQueryOf(OK.listCommitments, { search: 'm5' }) },
    { status: 200, name: 'filter', req: withQueryOf(OK.listCommitments, { filter: FILTER, page_size: 5 }) },
    { status: 422, name: 'page_size over 10000', req: withQueryOf(OK.listCommitments, { page_size: 10001 }) },
    {
      status: 422,
      name: 'unknown filter field',
      req: withQueryOf(OK.listCommitments, { filter: BAD_FILTER }),
    },
  ],
  listCommitmentAttributes: [
    {
      status: 422,
      name: 'malformed org id',
      req: withOrg(ENDPOINT.get('listCommitmentAttributes')!, OK.listCommitmentAttributes, 'org-1'),
    },
  ],
  listCommitmentAttributeValues: [
    ...[
      'region',
      'is_archera_guaranteed',
      'instance_count',
      'utilization',
      'end_date',
      'guarantee_method',
    ].map((field) => ({
      status: 200,
      name: `field ${field}`,
      req: withQueryOf(withPath(OK.listCommitmentAttributeValues, { field }), { only_active: false }),
    })),
    {
      status: 200,
      name: 'filtered, ordered by the field descending',
      req: withQueryOf(withPath(OK.listCommitmentAttributeValues, { field: 'instance_type' }), {
        filter: JSON.stringify({ is_archera_guaranteed: [true] }),
        order_by: 'instance_type',
        desc: true,
      }),
    },
    {
      status: 404,
      name: 'unknown field',
      req: withPath(OK.listCommitmentAttributeValues, { field: 'colour' }),
    },
    {
      status: 422,
      name: 'filter not valid JSON',
      req: withQueryOf(OK.listCommitmentAttributeValues, { filter: '{type' }),
    },
    { status: 422, name: 'missing provider', req: { path: OK.listCommitmentAttributeValues.path } },
  ],
  getCommitmentSummary: [
    { status: 200, name: 'azure', req: withQueryOf(OK.getCommitmentSummary, { provider: 'azure' }) },
    {
      status: 200,
      name: 'child org, no gcp data',
      req: { path: { org_id: orgs.child }, query: { provider: 'gcp' } },
    },
    {
      status: 422,
      name: 'unknown provider',
      req: withQueryOf(OK.getCommitmentSummary, { provider: 'kubernetes' }),
    },
  ],
  getCommitmentComparison: [
    {
      status: 200,
      name: 'subset with unknown and inactive ids, no-upfront only',
      req: withQueryOf(OK.getCommitmentComparison, {
        commitment_ids: [
          FIXTURES.commitment.commitmentId,
          FIXTURES.expiredCommitment.commitmentId,
          MISSING_UUID,
        ],
        payment_options: ['no_upfront'],
      }),
    },
    { status: 200, name: 'gcp', req: withQueryOf(OK.getCommitmentComparison, { provider: 'gcp' }) },
    {
      status: 422,
      name: 'malformed commitment id',
      req: withQueryOf(OK.getCommitmentComparison, { commitment_ids: ['x'] }),
    },
  ],
  getCommitmentMetrics: [
    {
      status: 200,
      name: 'before the data',
      req: withQueryOf(OK.getCommitmentMetrics, { start_date: '2020-01-01', end_date: '2020-02-01' }),
    },
    {
      status: 200,
      name: 'search, azure',
      req: withQueryOf(OK.getCommitmentMetrics, { provider: 'azure', search: 'eastus' }),
    },
    { status: 200, name: 'filter', req: withQueryOf(OK.getCommitmentMetrics, { filter: FILTER }) },
    {
      status: 422,
      name: 'missing dates',
      req: { path: OK.getCommitmentMetrics.path, query: { provider: 'aws' } },
    },
    {
      status: 422,
      name: 'filter values of the wrong type',
      req: withQueryOf(OK.getCommitmentMetrics, { filter: JSON.stringify({ instance_count: ['2'] }) }),
    },
  ],
  getCommitmentDetails: [
    { status: 200, name: 'default period', req: { path: OK.getCommitmentDetails.path } },
    ...(
      ['expiredCommitment', 'queuedCommitment', 'guaranteedCommitment', 'noRecentUsageCommitment'] as const
    ).map((k) => ({
      status: 200,
      name: k,
      req: withPath(OK.getCommitmentDetails, { commitment_id: FIXTURES[k].commitmentId }),
    })),
    {
      status: 404,
      name: 'unknown commitment',
      req: withPath(OK.getCommitmentDetails, { commitment_id: MISSING_UUID }),
    },
    {
      status: 422,
      name: 'malformed date',
      req: withQueryOf(OK.getCommitmentDetails, { start_date: '2026-02-30' }),
    },
  ],
  getDailyCoverage: [
    {
      status: 200,
      name: 'before the data',
      req: withQueryOf(OK.getDailyCoverage, { start_date: '2020-01-01', end_date: '2020-02-01' }),
    },
    {
      status: 200,
      name: 'search and filter, azure',
      req: withQueryOf(OK.getDailyCoverage, {
        provider: 'azure',
        search: 'eastus',
        filter: JSON.stringify({ is_archera_guaranteed: [false] }),
      }),
    },
    { status: 200, name: 'filter', req: withQueryOf(OK.getDailyCoverage, { filter: FILTER }) },
    {
      status: 200,
      name: 'child org, no gcp data',
      req: {
        ...OK.getDailyCoverage,
        path: { org_id: orgs.child },
        query: { ...OK.getDailyCoverage.query, provider: 'gcp' },
      },
    },
    {
      status: 422,
      name: 'missing dates',
      req: { path: OK.getDailyCoverage.path, query: { provider: 'aws' } },
    },
    {
      status: 422,
      name: 'end before start',
      req: withQueryOf(OK.getDailyCoverage, { end_date: '2026-09-01' }),
    },
    {
      status: 422,
      name: 'filter not an object',
      req: withQueryOf(OK.getDailyCoverage, { filter: '["EC2"]' }),
    },
  ],
};

/** Documented statuses no request to the simulator produces, and why. */
function notProduced(endpoint: UpstreamEndpoint, status: number): string | undefined {
  if (status === 400) return 'malformed input is a 422 (Error body), as the real API answers it';
  if (status === 409 && endpoint.method === 'GET') return 'reads never conflict';
  return undefined;
}

function scenarios(endpoint: UpstreamEndpoint): Scenario[] {
  const ok = OK[endpoint.name];
  const wrongMethod = endpoint.method === 'GET' ? 'DELETE' : 'GET';
  const statuses = explicitStatuses(endpoint);
  const generated: Scenario[] = [
    { status: 200, name: 'success', req: ok },
    { status: 401, name: 'no key', req: { ...ok, key: null } },
    { status: 401, name: 'unknown key', req: { ...ok, key: 'not-a-key' } },
    { status: 403, name: "another tenant's org", req: withOrg(endpoint, ok, orgs.other) },
    { status: 404, name: 'org nobody owns', req: withOrg(endpoint, ok, orgs.unknown) },
    {
      status: 500,
      name: 'injected 500',
      req: { ...ok, faults: [{ endpoint: endpoint.name, kind: 'status', status: 500 }] },
    },
  ];
  if (statuses.includes(405))
    generated.push({ status: 405, name: `${wrongMethod} on the path`, req: { ...ok, method: wrongMethod } });
  if (statuses.includes(429)) {
    generated.push({
      status: 429,
      name: 'injected 429',
      req: { ...ok, faults: [{ endpoint: endpoint.name, kind: 'status', status: 429, retryAfter: '1' }] },
    });
  }
  return [...generated, ...SPECIFIC[endpoint.name]];
}

// ---------------------------------------------------------------------------------------------------
// Sending and checking.

function url(endpoint: UpstreamEndpoint, req: Req): string {
  const path = endpoint.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(req.path[name] ?? `missing-${name}`),
  );
  return withQuery(path, req.query);
}

interface Sent {
  status: number;
  contentType: string | null;
  pagination: string | null;
  text: string;
}

async function send(sim: StartedSimulator, endpoint: UpstreamEndpoint, req: Req): Promise<Sent> {
  const headers: Record<string, string> = {};
  const key = req.key === undefined ? 'demo' : req.key;
  if (key !== null) headers['x-api-key'] = key;
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(sim.url + url(endpoint, req), {
    method: req.method ?? endpoint.method,
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    pagination: res.headers.get('x-pagination'),
    text: await res.text(),
  };
}

const exercised = new Map<EndpointName, Set<number>>();
let checkedResponses = 0;

function errorsOf(fn: ValidateFunction): string {
  return (fn.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('; ');
}

/** Checks one response against the spec; returns the problems found. */
function check(endpoint: UpstreamEndpoint, sent: Sent): string[] {
  const problems: string[] = [];
  const doc = documented(endpoint, sent.status);
  if (!doc) return [`status ${sent.status} is not documented for ${endpoint.method} ${endpoint.path}`];
  const spec = SPECS[endpoint.family];
  const json = doc.response.content?.['application/json'];
  if (sent.status === 204) {
    if (sent.text !== '') problems.push('204 with a body');
  } else if (json?.schema) {
    if (!sent.contentType?.startsWith('application/json'))
      problems.push(`content-type ${sent.contentType ?? 'none'}`);
    let body: unknown;
    try {
      body = JSON.parse(sent.text);
    } catch {
      return [...problems, `body is not JSON: ${sent.text.slice(0, 80)}`];
    }
    const validate = schemaValidator(json.schema, endpoint.family, { strict: true });
    if (!validate(body)) problems.push(`body (${doc.via} response): ${errorsOf(validate)}`);
  }
  for (const [name, header] of Object.entries(doc.response.headers ?? {})) {
    const schema = header.$ref
      ? spec.components.headers?.[header.$ref.replace('#/components/headers/', '')]?.schema
      : header.schema;
    if (!schema) continue;
    const value = name.toLowerCase() === 'x-pagination' ? sent.pagination : null;
    if (value === null) {
      problems.push(`header ${name} missing`);
      continue;
    }
    const validate = schemaValidator(schema, endpoint.family, { strict: true });
    if (!validate(JSON.parse(value))) problems.push(`header ${name}: ${errorsOf(validate)}`);
  }
  checkedResponses++;
  const seen = exercised.get(endpoint.name) ?? new Set<number>();
  seen.add(sent.status);
  exercised.set(endpoint.name, seen);
  return problems;
}

async function exercise(
  sim: StartedSimulator,
  endpoint: UpstreamEndpoint,
  req: Req,
): Promise<{ status: number; problems: string[] }> {
  sim.resetState();
  await req.before?.(sim);
  sim.setFaults(req.faults ?? []);
  try {
    const sent = await send(sim, endpoint, req);
    return { status: sent.status, problems: check(endpoint, sent) };
  } finally {
    sim.clearFaults();
    sim.resetState();
  }
}

// ---------------------------------------------------------------------------------------------------

let sim: StartedSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(() => sim.close());

describe('the specs describe every upstream endpoint', () => {
  it('has one operation per endpoint and no operation that is not an endpoint', () => {
    const operations = (Object.keys(SPECS) as UpstreamFamily[]).flatMap((family) =>
      Object.entries(SPECS[family].paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${family} ${m.toUpperCase()} ${path}`),
      ),
    );
    const endpoints = UPSTREAM_ENDPOINTS.map((e) => `${e.family} ${e.method} ${e.path}`);
    expect([...operations].sort()).toEqual([...endpoints].sort());
  });
});

describe.each(UPSTREAM_ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_name, endpoint) => {
  it.each(scenarios(endpoint).map((s) => [s.status, s.name, s] as const))(
    '%i: %s',
    async (status, _n, scenario) => {
      const result = await exercise(sim, endpoint, scenario.req);
      expect({ status: result.status, problems: result.problems }).toEqual({ status, problems: [] });
    },
  );

  it('provokes every documented status it can produce', () => {
    const provoked = new Set(scenarios(endpoint).map((s) => s.status));
    const missing = explicitStatuses(endpoint).filter((s) => !provoked.has(s) && !notProduced(endpoint, s));
    expect(missing).toEqual([]);
  });
});

describe('every record of the data set matches the schemas', () => {
  const ORG_KEYS: [string, string][] = [
    [orgs.demo, 'demo'],
    [orgs.child, 'demo'],
    [orgs.other, 'demo-other'],
  ];
  const byName = (name: EndpointName) => ENDPOINT.get(name)!;

  async function expectValid(endpoint: UpstreamEndpoint, req: Req): Promise<Sent> {
    const sent = await send(sim, endpoint, req);
    expect({ url: url(endpoint, req), status: sent.status, problems: check(endpoint, sent) }).toEqual({
      url: url(endpoint, req),
      status: 200,
      problems: [],
    });
    return sent;
  }

  it('plans, every page of their line items and resource matches', async () => {
    for (const [org, key] of ORG_KEYS) {
      for (const provider of ['aws', 'azure', 'gcp']) {
        const list = await expectValid(byName('getDefaultPlans'), {
          path: { org_id: org },
          query: { provider },
          key,
        });
        const ids = (JSON.parse(list.text) as { id: string }[]).map((p) => p.id);
        for (const planId of ids) {
          await expectValid(byName('getPlan'), { path: { org_id: org, plan_id: planId }, key });
          for (const name of ['listLineItems', 'listResourceMatches'] as const) {
            for (let page = 1; ; page++) {
              const sent = await expectValid(byName(name), {
                path: { org_id: org, plan_id: planId },
                query: { ...(name === 'listResourceMatches' ? DATES : {}), page, page_size: 100 },
                key,
              });
              if ((JSON.parse(sent.pagination ?? '{}') as { next_page?: number }).next_page === undefined)
                break;
            }
          }
        }
      }
    }
  });

  it('every commitment, in the inventory and in details', async () => {
    for (const [org, key] of ORG_KEYS) {
      for (const provider of ['aws', 'azure', 'gcp']) {
        const sent = await expectValid(byName('listCommitments'), {
          path: { org_id: org },
          query: { provider, only_active: false, page_size: 10000 },
          key,
        });
        const ids = (JSON.parse(sent.text) as { id: string }[]).map((c) => c.id);
        for (let i = 0; i < ids.length; i += 25) {
          await Promise.all(
            ids.slice(i, i + 25).map((id) =>
              expectValid(byName('getCommitmentDetails'), {
                path: { org_id: org, commitment_id: id },
                query: { start_date: '2026-11-20', end_date: '2026-11-27' },
                key,
              }),
            ),
          );
        }
        await expectValid(byName('getCommitmentSummary'), {
          path: { org_id: org },
          query: { provider },
          key,
        });
        await expectValid(byName('getCommitmentComparison'), {
          path: { org_id: org },
          query: { provider },
          key,
        });
        for (const name of ['getCommitmentMetrics', 'getDailyCoverage'] as const) {
          await expectValid(byName(name), {
            path: { org_id: org },
            query: { provider, start_date: '2024-11-27', end_date: '2026-11-27' },
            key,
          });
        }
      }
      await expectValid(byName('getPartnerDefaultPlans'), { path: { child_org_id: org }, key });
    }
  });
});

describe('coverage', () => {
  it('exercised every endpoint of UPSTREAM_ENDPOINTS, each with a success', () => {
    const names = UPSTREAM_ENDPOINTS.map((e) => e.name);
    expect(names.filter((n) => !exercised.has(n))).toEqual([]);
    expect(names.filter((n) => ![...(exercised.get(n) ?? [])].some((s) => s >= 200 && s < 300))).toEqual([]);
    const logged = new Set(sim.calls().map((c) => c.endpoint));
    expect(names.filter((n) => !logged.has(n))).toEqual([]);
    expect(checkedResponses).toBeGreaterThan(500);
  });

  it('checked the error statuses 401, 403, 404, 409 and 422 and the 204', () => {
    const all = new Set([...exercised.values()].flatMap((s) => [...s]));
    for (const status of [200, 204, 401, 403, 404, 405, 409, 422, 429, 500]) expect(all).toContain(status);
  });
});
