/**
 * Drift mode: every deviation listed in DRIFTS shows in the answers; it is switched by option, admin
 * endpoint, setDrift and SIMULATOR_DRIFT; normal mode is unchanged; errors and faults are not drifted; a
 * purchase still takes effect; the deviations are the same every time.
 */
import { type ErrorObject } from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DRIFTS, type DriftSpec, FIXTURES, startSimulator, type StartedSimulator } from '../../src/simulator';
import { banner, readSimulatorEnv } from '../../src/simulator/cli';
import { readField } from '../../src/simulator/drift';
import { type EndpointName } from '../../src/upstream/endpoints';
import { endpointOf, responseValidator, SPECS } from '../helpers/spec';
import { call, CHILD, commitments, DEMO, partner, plans, type Reply, type RequestOptions } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let normal: StartedSimulator;
let drifting: StartedSimulator;
beforeAll(async () => {
  [normal, drifting] = await Promise.all([
    startSimulator({ port: 0 }),
    startSimulator({ port: 0, drift: true }),
  ]);
});
afterEach(() => {
  for (const sim of [normal, drifting]) {
    sim.resetState();
    sim.clearFaults();
    sim.resetCalls();
  }
  normal.setDrift(false);
  drifting.setDrift(true);
});
afterAll(() => Promise.all([normal.close(), drifting.close()]));

// ---------------------------------------------------------------------------------------------------
// The specs, to show that every deviation is one (what a contract probe would report).

/** ajv's errors for an answer against the endpoint's documented 200 body. */
function specErrors(endpoint: EndpointName, body: unknown): ErrorObject[] {
  const validate = responseValidator(endpoint, { strict: true });
  return validate(body) ? [] : (validate.errors ?? []);
}

/** instancePath of a field in an object of the answer: /status, /3/status, /attribution/resources/0/share. */
function pathPattern(field: string): RegExp {
  const segments = field.split('.').map((s) => (s.endsWith('[]') ? `${s.slice(0, -2)}/\\d+` : s));
  return new RegExp(`^(/\\d+)?/${segments.join('/')}$`);
}

interface Req {
  path: string;
  options?: RequestOptions;
}

const PURCHASE: Req = {
  path: `${partner(CHILD)}/purchase`,
  options: { method: 'POST', body: { plan_id: FIXTURES.partnerPlan.planId, confirm: true } },
};
const recommended = `${plans(DEMO)}/${FIXTURES.recommendedPlan.planId}`;

/** Ids of commitments picked from the normal inventory. */
async function commitmentIds(test: (c: Json) => boolean): Promise<string[]> {
  const all = await call<Json[]>(normal.url, commitments(DEMO), {
    query: { provider: 'aws', only_active: false, page_size: 10000 },
  });
  return all.body.filter(test).map((c) => c.id as string);
}

const in30Days = (c: Json): boolean =>
  c.status === 'active' &&
  Date.parse(c.end_date) <= Date.parse(`${FIXTURES.asOf}T00:00:00Z`) + 30 * 86_400_000;

/** Requests that show an endpoint's deviations (several where they concern different objects). */
async function requestsFor(endpoint: EndpointName): Promise<Req[]> {
  switch (endpoint) {
    case 'getPlan':
      return [{ path: recommended }, { path: `${plans(DEMO)}/${FIXTURES.balancedPlan.planId}` }];
    case 'applyPlan':
      return [{ path: `${recommended}/apply`, options: { method: 'POST' } }];
    case 'getDefaultPlans':
      return ['aws', 'azure', 'gcp'].map((provider) => ({
        path: `${plans(DEMO)}/default`,
        options: { query: { provider } },
      }));
    case 'getRecommendedPlan':
      return [{ path: `${plans(DEMO)}/recommended`, options: { query: { provider: 'aws' } } }];
    case 'listLineItems':
      return [
        {
          path: `${plans(DEMO)}/${FIXTURES.largePlan.planId}/line-items`,
          options: { query: { page_size: 100 } },
        },
      ];
    case 'getPartnerDefaultPlans':
      return [{ path: `${partner(CHILD)}/default` }, { path: `${partner(DEMO)}/default` }];
    case 'purchasePartnerPlan':
      return [PURCHASE];
    case 'listCommitments':
      return [
        {
          path: commitments(DEMO),
          options: { query: { provider: 'aws', only_active: false, page_size: 10000 } },
        },
      ];
    case 'getCommitmentDetails': {
      const soon = (await commitmentIds(in30Days)).slice(0, 2);
      const legacy = (await commitmentIds((c) => c.status === 'expired' && c.type === 'EC2')).slice(0, 2);
      return [FIXTURES.commitment.commitmentId, ...soon, ...legacy].map((id) => ({
        path: `${commitments(DEMO)}/${id}`,
        options: { query: { start_date: '2026-10-01', end_date: '2026-11-01' } },
      }));
    }
    default:
      throw new Error(`no request for ${endpoint}`);
  }
}

/** The same request to the normal and the drifting simulator, each from a fresh state. */
async function both(req: Req): Promise<[Reply<Json>, Reply<Json>]> {
  const n = await call<Json>(normal.url, req.path, req.options);
  const d = await call<Json>(drifting.url, req.path, req.options);
  normal.resetState();
  drifting.resetState();
  return [n, d];
}

const objects = (body: unknown): Json[] => (Array.isArray(body) ? (body as Json[]) : [body as Json]);

/** Whether the pair of answers shows the deviation. */
function shows(spec: DriftSpec, n: Json, d: Json): boolean {
  const before = readField(n, spec.field);
  const after = readField(d, spec.field);
  switch (spec.kind) {
    case 'unknown-enum-value':
      return after.includes(spec.value) && !before.includes(spec.value);
    case 'enum-case':
      return (
        after.length === before.length &&
        after.every((v, i) => v === String(before[i]).toUpperCase()) &&
        after.some((v, i) => v !== before[i])
      );
    case 'missing-field':
      return before.length > 0 && after.length === 0;
    case 'extra-field':
      return (
        before.length === 0 &&
        after.length === 1 &&
        (typeof spec.value === 'object' ? typeof after[0] === 'object' : after[0] === spec.value)
      );
    case 'body-shape':
      return false; // checked on the whole body
  }
}

describe('every deviation in DRIFTS', () => {
  it('names upstream endpoints and is described', () => {
    expect(DRIFTS.length).toBeGreaterThanOrEqual(20);
    for (const spec of DRIFTS) {
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec.where.length).toBeGreaterThan(3);
      if (spec.kind !== 'missing-field') expect(spec.value).toBeDefined();
    }
    const endpoints = new Set(DRIFTS.map((d) => d.endpoint));
    expect([...endpoints].sort()).toEqual(
      [
        'applyPlan',
        'getCommitmentDetails',
        'getDefaultPlans',
        'getPartnerDefaultPlans',
        'getPlan',
        'getRecommendedPlan',
        'listCommitments',
        'listLineItems',
        'purchasePartnerPlan',
      ].sort(),
    );
    const kinds = new Set(DRIFTS.map((d) => d.kind));
    expect(kinds).toEqual(
      new Set(['unknown-enum-value', 'enum-case', 'missing-field', 'extra-field', 'body-shape']),
    );
  });

  it('are all in the README table', () => {
    const rows = readFileSync(resolve(__dirname, '../../src/simulator/README.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    for (const spec of DRIFTS) {
      const field = spec.field === '' ? '(body)' : `\`${spec.field}\``;
      const row = rows.find(
        (r) =>
          r.includes(`\`${spec.endpoint}\``) && r.includes(`\`${spec.kind}\``) && r.includes(` ${field} `),
      );
      expect({ spec, row }).toEqual({ spec, row: expect.any(String) });
    }
  });

  it.each(DRIFTS.map((spec) => [`${spec.endpoint} ${spec.kind} ${spec.field || '(body)'}`, spec] as const))(
    '%s shows in the answers',
    async (_, spec) => {
      let seen = false;
      for (const req of await requestsFor(spec.endpoint)) {
        const [n, d] = await both(req);
        expect(n.status).toBe(200);
        expect(d.status).toBe(200);
        expect(d.headers.get('x-pagination')).toBe(n.headers.get('x-pagination'));
        if (spec.kind === 'body-shape') {
          expect(n.body).toMatchObject({ purchase_id: expect.any(String), status: 'submitted' });
          expect(d.body).not.toHaveProperty('purchase_id');
          expect(d.body).not.toHaveProperty('status');
          expect(Object.keys(d.body).sort()).toEqual(Object.keys(spec.value as Json).sort());
          expect(d.body).toEqual({
            data: {
              id: expect.stringMatching(/^pur_[0-9a-f]{24}$/),
              plan_id: n.body.plan_id,
              state: n.body.status,
            },
            message: 'Purchase accepted',
          });
          seen = true;
          continue;
        }
        const ns = objects(n.body);
        const ds = objects(d.body);
        // No object is lost, and every one keeps its identity.
        expect(ds).toHaveLength(ns.length);
        ds.forEach((o, i) => expect(o.id).toBe(ns[i]!.id));
        if (ns.some((o, i) => shows(spec, o, ds[i]!))) seen = true;
      }
      expect(seen).toBe(true);
    },
  );

  it('every one breaks the spec the normal answer keeps, where the spec has a rule for it', async () => {
    for (const endpoint of new Set(DRIFTS.map((d) => d.endpoint))) {
      const errors: ErrorObject[] = [];
      for (const req of await requestsFor(endpoint)) {
        const [n, d] = await both(req);
        expect({ endpoint, errors: specErrors(endpoint, n.body) }).toEqual({ endpoint, errors: [] });
        errors.push(...specErrors(endpoint, d.body));
      }
      const spec = SPECS[endpointOf(endpoint).family];
      const known = new Set(
        Object.values(spec.components.schemas).flatMap((s) => Object.keys(s.properties ?? {})),
      );
      for (const drift of DRIFTS.filter((x) => x.endpoint === endpoint)) {
        const last = drift.field.split('.').pop()!.replace('[]', '');
        const parent = drift.field.split('.').slice(0, -1).join('.');
        const found = errors.some((e) => {
          switch (drift.kind) {
            case 'unknown-enum-value':
            case 'enum-case':
              return e.keyword === 'enum' && pathPattern(drift.field).test(e.instancePath);
            case 'extra-field':
              return (
                e.keyword === 'additionalProperties' &&
                e.params.additionalProperty === last &&
                (parent === '' ? /^(\/\d+)?$/.test(e.instancePath) : pathPattern(parent).test(e.instancePath))
              );
            case 'body-shape':
              return e.keyword === 'required' && e.params.missingProperty === 'purchase_id';
            case 'missing-field':
              // Optional in our specs unless required: then ajv says so; either way the spec knows it.
              return known.has(last);
          }
        });
        expect({ drift, found }).toEqual({ drift, found: true });
      }
    }
  });

  it('chooses objects by what they are, not where they are', async () => {
    // The Recommended plan is archived in the list, by id, as the recommended plan and after apply.
    const list = (await call<Json[]>(drifting.url, `${plans(DEMO)}/default`, { query: { provider: 'aws' } }))
      .body;
    expect(list.map((p) => [p.name, p.status === 'archived'])).toEqual([
      ['High Savings', false],
      ['Balanced', false],
      ['Recommended', true],
    ]);
    expect((await call<Json>(drifting.url, recommended)).body.status).toBe('archived');
    expect(
      (await call<Json>(drifting.url, `${plans(DEMO)}/recommended`, { query: { provider: 'aws' } })).body
        .status,
    ).toBe('archived');
    // pending_renewal: exactly the active commitments ending within 30 days, as the summary counts them.
    const active = (
      await call<Json[]>(drifting.url, commitments(DEMO), { query: { provider: 'aws', page_size: 10000 } })
    ).body;
    const summary = (
      await call<Json>(normal.url, `${commitments(DEMO)}/summary`, { query: { provider: 'aws' } })
    ).body;
    const renewing = active.filter((c) => c.status === 'pending_renewal');
    expect(renewing).toHaveLength(summary.expiring_30_days);
    expect(renewing.every((c) => c.is_active === true)).toBe(true);
    const [id] = (await commitmentIds(in30Days)) as [string];
    expect(renewing.map((c) => c.id)).toContain(id);
    expect((await call<Json>(drifting.url, `${commitments(DEMO)}/${id}`)).body.status).toBe(
      'pending_renewal',
    );
  });
});

describe('normal mode', () => {
  const reads: Req[] = [
    { path: `${plans(DEMO)}/default`, options: { query: { provider: 'aws' } } },
    { path: recommended },
    { path: `${plans(DEMO)}/${FIXTURES.largePlan.planId}/line-items`, options: { query: { page_size: 50 } } },
    {
      path: `${plans(DEMO)}/${FIXTURES.largePlan.planId}/resource-matches`,
      options: { query: { start_date: '2026-10-01', end_date: '2026-10-31', page_size: 50 } },
    },
    { path: `${partner(CHILD)}/default` },
    {
      path: commitments(DEMO),
      options: { query: { provider: 'aws', only_active: false, page_size: 10000 } },
    },
    { path: `${commitments(DEMO)}/${FIXTURES.commitment.commitmentId}` },
    { path: `${commitments(DEMO)}/summary`, options: { query: { provider: 'aws' } } },
    { path: `${commitments(DEMO)}/comparison`, options: { query: { provider: 'aws' } } },
    {
      path: `${commitments(DEMO)}/metrics`,
      options: { query: { provider: 'aws', start_date: '2026-10-01', end_date: '2026-11-01' } },
    },
    { path: `${commitments(DEMO)}/attributes` },
    { path: `${commitments(DEMO)}/attributes/payment_option`, options: { query: { provider: 'aws' } } },
  ];

  it('is the default, and answers exactly as a simulator that never drifted once drift is off again', async () => {
    expect(normal.drift()).toBe(false);
    expect(drifting.drift()).toBe(true);
    // Drift answers first (a copy is changed, never the data behind it)...
    for (const req of reads) await call(drifting.url, req.path, req.options);
    drifting.setDrift(false);
    expect(drifting.drift()).toBe(false);
    for (const req of reads) {
      const [n, d] = await both(req);
      expect(d.status).toBe(200);
      expect(d.text).toBe(n.text);
      expect(d.headers.get('x-pagination')).toBe(n.headers.get('x-pagination'));
    }
  });

  it('leaves endpoints without deviations alone in drift mode', async () => {
    const untouched = reads.filter((r) =>
      /summary|comparison|metrics|attributes|resource-matches/.test(r.path),
    );
    expect(untouched).toHaveLength(6);
    for (const req of untouched) {
      const [n, d] = await both(req);
      expect(d.text).toBe(n.text);
    }
  });
});

describe('switching', () => {
  const admin = (sim: StartedSimulator, method = 'GET', body?: unknown) =>
    call<Json>(sim.url, '/__simulator/drift', { method, body, key: null });
  const status = async (sim: StartedSimulator) =>
    (await call<Json>(sim.url, recommended)).body.status as string;

  it('by option and setDrift', async () => {
    expect(await status(drifting)).toBe('archived');
    drifting.setDrift(false);
    expect(await status(drifting)).toBe(FIXTURES.recommendedPlan.status);
    normal.setDrift(true);
    expect(normal.drift()).toBe(true);
    expect(await status(normal)).toBe('archived');
    expect(() => normal.setDrift('yes' as unknown as boolean)).toThrow('drift must be true or false');
    await expect(startSimulator({ port: 0, drift: 1 as unknown as boolean })).rejects.toThrow(
      'drift must be true or false',
    );
  });

  it('by the admin endpoint', async () => {
    expect(await admin(normal)).toMatchObject({ status: 200, body: { enabled: false } });
    expect((await admin(normal, 'PUT', { enabled: true })).status).toBe(204);
    expect((await admin(normal)).body).toEqual({ enabled: true });
    expect(normal.drift()).toBe(true);
    expect(await status(normal)).toBe('archived');
    expect((await admin(normal, 'PUT', { enabled: false })).status).toBe(204);
    expect(await status(normal)).toBe(FIXTURES.recommendedPlan.status);
    expect((await admin(normal, 'PUT', { enabled: true })).status).toBe(204);
    expect((await admin(normal, 'DELETE')).status).toBe(204);
    expect((await admin(normal)).body).toEqual({ enabled: false });

    for (const bad of [{ enabled: 'yes' }, {}, [true], { enabled: true, extra: 1 }, true]) {
      const r = await admin(normal, 'PUT', bad);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe('drift must be {"enabled": true} or {"enabled": false}');
    }
    expect((await admin(normal, 'PUT', '{')).status).toBe(400);
    const wrong = await admin(normal, 'POST');
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'GET, PUT, DELETE']);
    expect(normal.drift()).toBe(false);
    // Admin calls are not logged.
    expect(normal.calls().filter((c) => c.path.startsWith('/__simulator'))).toEqual([]);
  });

  it('by SIMULATOR_DRIFT', () => {
    expect(readSimulatorEnv({}).drift).toBe(false);
    expect(readSimulatorEnv({ SIMULATOR_DRIFT: '' }).drift).toBe(false);
    for (const on of ['true', '1', 'TRUE', ' true '])
      expect(readSimulatorEnv({ SIMULATOR_DRIFT: on }).drift).toBe(true);
    for (const off of ['false', '0', 'False'])
      expect(readSimulatorEnv({ SIMULATOR_DRIFT: off }).drift).toBe(false);
    for (const bad of ['yes', 'on', '2', 'tru']) {
      expect(() => readSimulatorEnv({ SIMULATOR_DRIFT: bad })).toThrow(
        `SIMULATOR_DRIFT must be true, false, 1 or 0, got '${bad}'`,
      );
    }
  });

  it('and says so in the start-up line', () => {
    expect(banner(drifting)).toMatch(/; drift mode on: answers deviate from the specs/);
    expect(banner(normal)).not.toMatch(/drift/);
    expect(banner(drifting).split('\n')).toHaveLength(1);
  });
});

describe('in drift mode', () => {
  it('a purchase still takes effect', async () => {
    const r = await call<Json>(drifting.url, PURCHASE.path, PURCHASE.options);
    expect(r.status).toBe(200);
    expect(r.body.data.state).toBe('submitted');
    expect(drifting.callsTo('purchasePartnerPlan')).toEqual([
      expect.objectContaining({ status: 200, body: { plan_id: FIXTURES.partnerPlan.planId, confirm: true } }),
    ]);
    // The partner plan and its v1 plan are in progress, as after a purchase in normal mode.
    const partnerPlans = (await call<Json[]>(drifting.url, `${partner(CHILD)}/default`)).body;
    expect(partnerPlans.find((p) => p.id === FIXTURES.partnerPlan.planId)!.status).toBe('in_progress');
    drifting.setDrift(false);
    const v1 = (await call<Json>(drifting.url, `${plans(CHILD)}/${FIXTURES.childOrgPlan.planId}`)).body;
    const bought = (
      await call<Json[]>(drifting.url, `${plans(CHILD)}/default`, { query: { provider: 'aws' } })
    ).body;
    expect(bought.filter((p) => p.status === 'in_progress')).toHaveLength(1);
    expect(v1.id).toBe(FIXTURES.childOrgPlan.planId);
    drifting.setDrift(true);
    // Buying it again is refused, with the error body of normal mode.
    const again = await call<Json>(drifting.url, PURCHASE.path, PURCHASE.options);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: 'Conflict', detail: { status: 'in_progress' } });
    // Undone by resetState like any purchase.
    drifting.resetState();
    expect((await call<Json>(drifting.url, PURCHASE.path, PURCHASE.options)).status).toBe(200);
  });

  it('errors and empty answers are not drifted', async () => {
    const strip = (b: Json) => ({ ...b, timestamp: undefined });
    const cases: Req[] = [
      { path: `${plans(DEMO)}/00000000-0000-4000-8000-000000000000` },
      { path: `${plans(DEMO)}/${FIXTURES.completedPlan.planId}/apply`, options: { method: 'POST' } },
      { path: `${plans(DEMO)}/default`, options: { query: { provider: 'oracle' } } },
      { path: commitments(DEMO), options: { query: { provider: 'aws' }, key: 'nope' } },
      { path: `${commitments(FIXTURES.orgs.other)}`, options: { query: { provider: 'aws' } } },
      {
        path: `${partner(CHILD)}/purchase`,
        options: { method: 'POST', body: { plan_id: 'plan_nope', confirm: true } },
      },
      {
        path: `${partner(CHILD)}/purchase`,
        options: { method: 'POST', body: { plan_id: 'x', confirm: false } },
      },
    ];
    for (const req of cases) {
      const [n, d] = await both(req);
      expect(n.status).toBeGreaterThanOrEqual(400);
      expect(d.status).toBe(n.status);
      expect(strip(d.body)).toEqual(strip(n.body));
    }
    // 204 of a plan still calculating.
    const calculating = await call(drifting.url, `${plans(DEMO)}/recommended`, {
      query: { provider: 'gcp' },
    });
    expect([calculating.status, calculating.text]).toEqual([204, '']);
  });

  it('faults apply first and are not drifted', async () => {
    drifting.setFaults([{ endpoint: 'getPlan', kind: 'status', status: 503, times: 1 }]);
    const failed = await call<Json>(drifting.url, recommended);
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ type: 'ServiceUnavailable' });
    expect(failed.body).not.toHaveProperty('_links');

    drifting.setFaults([{ endpoint: 'getDefaultPlans', kind: 'drop-required-field', times: 1 }]);
    normal.setFaults([{ endpoint: 'getDefaultPlans', kind: 'drop-required-field', times: 1 }]);
    const [n, d] = await both({ path: `${plans(DEMO)}/default`, options: { query: { provider: 'aws' } } });
    expect(d.text).toBe(n.text);
    expect(d.body.every((p: Json) => !('id' in p) && !('_links' in p))).toBe(true);

    drifting.setFaults([{ endpoint: 'purchasePartnerPlan', kind: 'non-json', times: 1 }]);
    const html = await call(drifting.url, PURCHASE.path, PURCHASE.options);
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);

    // A delay is no answer of its own: the delayed answer drifts.
    drifting.setFaults([{ endpoint: 'getPlan', kind: 'delay', delayMs: 5, times: 1 }]);
    expect((await call<Json>(drifting.url, recommended)).body.status).toBe('archived');
  });

  it('answers are the same every time and on every start', async () => {
    const [a, b] = await Promise.all([
      startSimulator({ port: 0, drift: true }),
      startSimulator({ port: 0, drift: true }),
    ]);
    try {
      const reqs: Req[] = [];
      for (const endpoint of new Set(DRIFTS.map((s) => s.endpoint)))
        reqs.push(...(await requestsFor(endpoint)));
      for (const req of reqs) {
        const first = await call(a.url, req.path, req.options);
        const other = await call(b.url, req.path, req.options);
        expect(first.status).toBe(200);
        expect(other.text).toBe(first.text);
        a.resetState();
        b.resetState();
        if (req === PURCHASE) continue; // a purchase id is new on every purchase, in normal mode too
        const again = await call(a.url, req.path, req.options);
        a.resetState();
        expect(again.text).toBe(first.text);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
