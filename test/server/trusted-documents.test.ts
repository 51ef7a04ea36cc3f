/**
 * GRAPHQL_TRUSTED_DOCUMENTS: with a persisted-query manifest, the gateway runs only its operations (by id or
 * by text); anything else is TRUSTED_DOCUMENT_REQUIRED, HTTP 400, with no upstream call. Introspection-only
 * queries still run where introspection is on, Sandbox's landing page still loads, and automatic persisted
 * queries can no longer register new documents.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getIntrospectionQuery, parse, print } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config/index';
import { readTrustedDocuments, type TrustedDocuments } from '../../src/config/trusted-documents';
import { startSimulator, type StartedSimulator } from '../../src/simulator';
import { FIXTURES } from '../../src/simulator';
import { codes, DEMO_ORG, startTestGateway, type TestGateway } from '../helpers/gateway';
import { connect } from '../helpers/subscriptions';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'trusted-documents-'));
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const example = (file: string): string => readFileSync(path.join(root, 'examples', file), 'utf8');
const variables = JSON.parse(example('variables.json')) as Record<string, unknown>;

/** The examples as a manifest would list them: printed bodies, ids their SHA-256. */
const DASHBOARD = print(parse(example('savings-dashboard.graphql')));
const PREVIEW = print(parse(example('purchase-preview.graphql')));
const PLANS =
  'query Plans($orgId: ID!) {\n  org(id: $orgId) {\n    defaultCommitmentPlans(provider: AWS) {\n      id\n      name\n    }\n  }\n}';
const PLAN_STATUS = print(
  parse(
    'subscription PlanStatus($orgId: ID!, $planId: ID!) { commitmentPlanUpdated(orgId: $orgId, planId: $planId) { id status isCalculating } }',
  ),
);
const manifest = {
  format: 'apollo-persisted-query-manifest',
  version: 1,
  operations: [
    { id: sha256(DASHBOARD), name: 'SavingsDashboard', type: 'query', body: DASHBOARD },
    { id: sha256(PREVIEW), name: 'PurchasePreview', type: 'mutation', body: PREVIEW },
    { id: sha256(PLANS), name: 'Plans', type: 'query', body: PLANS },
    { id: sha256(PLAN_STATUS), name: 'PlanStatus', type: 'subscription', body: PLAN_STATUS },
  ],
};

function writeManifest(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const manifestFile = writeManifest('manifest.json', manifest);
const list = (): TrustedDocuments =>
  readTrustedDocuments(manifestFile, (m) => {
    throw new Error(m);
  });

describe('GRAPHQL_TRUSTED_DOCUMENTS at start', () => {
  it('reads an Apollo persisted-query manifest', () => {
    const config = loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: manifestFile });
    expect(config.trustedDocuments?.operations.map((o) => o.name)).toEqual([
      'SavingsDashboard',
      'PurchasePreview',
      'Plans',
      'PlanStatus',
    ]);
    expect(loadConfig({}).trustedDocuments).toBeUndefined();
  });

  const op = manifest.operations[2]!;
  it.each([
    ['a missing file', path.join(dir, 'nope.json'), /cannot be read \(ENOENT\)/],
    ['a file that is not JSON', writeManifest('bad.json', '{'), /is not JSON/],
    [
      'another format',
      writeManifest('other.json', { operations: [] }),
      /not an Apollo persisted-query manifest/,
    ],
    ['no operations', writeManifest('empty.json', { ...manifest, operations: [] }), /lists no operations/],
    [
      'a body that does not parse',
      writeManifest('syntax.json', { ...manifest, operations: [{ ...op, body: 'query Plans {' }] }),
      /operations\[0\] \(Plans\): the body does not parse: Syntax Error/,
    ],
    [
      'a body that is not the operation named',
      writeManifest('name.json', { ...manifest, operations: [{ ...op, name: 'Other' }] }),
      /exactly one operation, the query named Other/,
    ],
    [
      'a duplicate id',
      writeManifest('dup.json', { ...manifest, operations: [op, op] }),
      /operations\[1\]: the id \w+ is listed twice/,
    ],
  ])('refuses %s with one clear line', (_what, file, message) => {
    let error: unknown;
    try {
      loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: file });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^GRAPHQL_TRUSTED_DOCUMENTS/);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('a gateway with trusted documents', () => {
  let simulator: StartedSimulator;
  let g: TestGateway;
  let production: TestGateway;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0 });
    g = await startTestGateway({ simulator, log: 'info', config: { trustedDocuments: list() } });
    production = await startTestGateway({
      simulator,
      config: { trustedDocuments: list(), introspection: false, production: true },
    });
  });
  afterAll(async () => {
    await g.close();
    await production.close();
    await simulator.close();
  });
  beforeEach(() => simulator.resetCalls());

  const byId = (body: string): Record<string, unknown> => ({
    persistedQuery: { version: 1, sha256Hash: sha256(body) },
  });

  const expectRefused = (r: Awaited<ReturnType<TestGateway['graphql']>>, message: RegExp): void => {
    expect(r.status).toBe(400);
    expect(codes(r)).toEqual(['TRUSTED_DOCUMENT_REQUIRED']);
    expect(r.body.errors![0]!.message).toMatch(message);
    expect(r.body.data).toBeUndefined();
    expect(simulator.calls()).toEqual([]);
  };

  it('runs a listed operation sent by id alone, without registering it first', async () => {
    const r = await g.graphql(undefined, variables, undefined, byId(DASHBOARD));
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(
      (r.body.data as { org: { commitments: { totalCount: number } } }).org.commitments.totalCount,
    ).toBeGreaterThan(0);
    expect(simulator.calls().length).toBeGreaterThan(0);
  });

  it('runs a listed operation by id over GET (APQ over GET)', async () => {
    const params = new URLSearchParams({
      operationName: 'Plans',
      variables: JSON.stringify({ orgId: DEMO_ORG }),
      extensions: JSON.stringify(byId(PLANS)),
    });
    const r = await g.fetch(`/graphql?${params}`, {
      headers: { 'x-api-key': 'demo', 'apollo-require-preflight': 'true' },
    });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    expect(
      (r.body.data as { org: { defaultCommitmentPlans: unknown[] } }).org.defaultCommitmentPlans,
    ).toHaveLength(3);
  });

  it('runs a listed operation sent as its exact text, and as the same document formatted otherwise', async () => {
    const exact = await g.graphql(PLANS, { orgId: DEMO_ORG });
    expect(exact.body.errors).toBeUndefined();
    // The example file as written (comments, its own line breaks) prints to the listed body.
    const asWritten = example('savings-dashboard.graphql');
    expect(asWritten).not.toBe(DASHBOARD);
    const r = await g.graphql(asWritten, variables);
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    const oneLine = `# mine\nquery Plans($orgId: ID!) { org(id: $orgId) { defaultCommitmentPlans(provider: AWS) { id, name } } }`;
    expect((await g.graphql(oneLine, { orgId: DEMO_ORG })).body.errors).toBeUndefined();
  });

  it('runs a listed mutation (the purchase preview) by id', async () => {
    const r = await g.graphql(
      undefined,
      { ...variables, idempotencyKey: 'trusted-preview-1' },
      undefined,
      byId(PREVIEW),
    );
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data).toMatchObject({ purchaseCommitmentPlan: { userErrors: [] } });
  });

  it('refuses any other operation before it runs: 400, TRUSTED_DOCUMENT_REQUIRED, no upstream call', async () => {
    // The same fields in another order, a field more, a field less: other documents.
    const reordered = PLANS.replace('id\n      name', 'name\n      id');
    expectRefused(await g.graphql(reordered, { orgId: DEMO_ORG }), /not one of the trusted documents/);
    expectRefused(
      await g.graphql(
        `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id name savingsHourly } } }`,
      ),
      /GRAPHQL_TRUSTED_DOCUMENTS/,
    );
    // A money-moving mutation is refused like any other text, before anything is sent.
    const buy = `mutation { purchaseCommitmentPlan(input: { orgId: "${variables.childOrgId}", planId: "${variables.partnerPlanId}", confirm: true, idempotencyKey: "trusted-buy-1" }) { userErrors { code } } }`;
    expectRefused(await g.graphql(buy), /Nothing was executed/);
    // Text that does not even parse: the same refusal (it is not a trusted document), no syntax details.
    expectRefused(await g.graphql('{ org(id: '), /not one of the trusted documents/);
  });

  it('refuses an id the manifest does not list', async () => {
    expectRefused(
      await g.graphql(undefined, { orgId: DEMO_ORG }, undefined, {
        persistedQuery: { version: 1, sha256Hash: sha256('{ x }') },
      }),
      /persisted query id "[0-9a-f]{64}" is not one of the trusted documents/,
    );
  });

  it('refuses an automatic-persisted-query registration of a new document, which stays unknown', async () => {
    const text = `query Mine { org(id: "${DEMO_ORG}") { commitmentSummary(provider: AWS) { monthlyNetSavings } } }`;
    const apq = { persistedQuery: { version: 1, sha256Hash: sha256(text) } };
    expectRefused(await g.graphql(text, undefined, undefined, apq), /Registering persisted queries is off/);
    expectRefused(
      await g.graphql(undefined, undefined, undefined, apq),
      /is not one of the trusted documents/,
    );
    // A listed text may still come with its hash (Apollo Client's fallback): it runs, and registers nothing new.
    const listed = await g.graphql(PLANS, { orgId: DEMO_ORG }, undefined, byId(PLANS));
    expect(listed.body.errors).toBeUndefined();
  });

  it('runs introspection-only queries where introspection is on, and nothing more', async () => {
    const schema = await g.graphql(getIntrospectionQuery());
    expect(schema.status).toBe(200);
    expect(schema.body.errors).toBeUndefined();
    expect(schema.body.data).toHaveProperty('__schema.queryType.name', 'Query');
    const typename = await g.graphql('{ __typename t: __type(name: "Org") { name } }');
    expect(typename.body.data).toEqual({ __typename: 'Query', t: { name: 'Org' } });
    expectRefused(
      await g.graphql(
        `{ __typename org(id: "${DEMO_ORG}") { commitmentSummary(provider: AWS) { asOfDate } } }`,
      ),
      /not one of the trusted documents/,
    );
    expectRefused(await g.graphql('mutation { __typename }'), /not one of the trusted documents/);
  });

  it('refuses introspection too where introspection is off (production)', async () => {
    const r = await production.graphql(getIntrospectionQuery());
    expectRefused(r, /not one of the trusted documents/);
    expectRefused(await production.graphql('{ __typename }'), /not one of the trusted documents/);
    expect((await production.graphql(PLANS, { orgId: DEMO_ORG })).body.errors).toBeUndefined();
  });

  it('keeps the Sandbox landing page', async () => {
    const r = await g.fetch('/graphql', { headers: { accept: 'text/html' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    expect(r.text).toContain('sandbox');
  });

  it('logs and counts a refusal like any other request', async () => {
    const r = await g.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'demo' },
      body: JSON.stringify({
        operationName: 'Sneaky',
        query: 'query Sneaky { __typename __schema { types { name } } org(id: "x") { id } }',
      }),
    });
    expect(r.status).toBe(400);
    const line = g
      .logLines()
      .filter((l) => l.msg === 'graphql request')
      .at(-1)!;
    expect(line).toMatchObject({
      operation: 'Sneaky',
      status: 400,
      errorCodes: ['TRUSTED_DOCUMENT_REQUIRED'],
    });
    expect(await g.metrics()).toMatch(
      /archera_graphql_errors_total\{[^}]*code="TRUSTED_DOCUMENT_REQUIRED"[^}]*\} [1-9]/,
    );
  });

  it('says at start what it runs', () => {
    expect(g.logs()).toContain('trusted documents on: 4 operations');
  });
});

describe('trusted documents over WebSocket (subscriptions)', () => {
  let g: TestGateway;
  beforeAll(async () => {
    g = await startTestGateway({ config: { trustedDocuments: list() } });
  });
  afterAll(() => g.close());

  const planVariables = { orgId: DEMO_ORG, planId: FIXTURES.noRecommendedPlan.planId };

  it('a listed subscription runs, by text or by id', async () => {
    const socket = connect(g.origin);
    try {
      const byText = socket.subscribe(PLAN_STATUS, planVariables);
      const [first] = await byText.received(1);
      expect(first!.errors).toBeUndefined();
      expect(first!.data).toMatchObject({ commitmentPlanUpdated: { isCalculating: true } });
      const byId = socket.client.iterate({
        query: '',
        variables: planVariables,
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256(PLAN_STATUS) } },
      });
      const next = await byId.next();
      expect(next.value).toMatchObject({ data: { commitmentPlanUpdated: { isCalculating: true } } });
      await byId.return?.();
    } finally {
      await socket.dispose();
    }
  });

  it('anything else is TRUSTED_DOCUMENT_REQUIRED before any upstream call', async () => {
    g.simulator.resetCalls();
    const socket = connect(g.origin);
    try {
      const unlisted = socket.subscribe(
        'subscription { commitmentPlanUpdated(orgId: "o", planId: "p") { id name } }',
      );
      await unlisted.ended;
      // The code alone: the HTTP status (extensions.http) is how HTTP answers it, not part of the error.
      expect(unlisted.results[0]!.errors![0]!.extensions).toEqual({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
      const unknownId = socket.subscribe('');
      await unknownId.ended;
      expect(unknownId.results[0]!.errors![0]!.extensions).toEqual({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
      expect(g.simulator.calls()).toHaveLength(0);
    } finally {
      await socket.dispose();
    }
  });
});
