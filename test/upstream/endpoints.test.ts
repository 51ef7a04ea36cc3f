/**
 * The endpoint table agrees with the specs: every endpoint is an operation of its family's spec, its
 * declared body shape is the spec's 2xx body, each identity field is one the spec requires, fields filled
 * from the path name real path parameters, and only the vendor's own spec (v1) is declared 'vendor'. The
 * inferred parts the client depends on are marked so: the JSON `filter` parameter and the endpoint the docs
 * only name (daily coverage).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UPSTREAM_ENDPOINTS, type UpstreamEndpoint } from '../../src/upstream/endpoints';

type Schema = {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
};
type Parameter = {
  name: string;
  in: string;
  schema?: { maximum?: number };
  content?: Record<string, { schema: Schema }>;
  'x-archera-inferred'?: boolean;
};
type Operation = {
  parameters?: Parameter[];
  responses: Record<string, { content?: Record<string, { schema: Schema }>; headers?: object }>;
  'x-archera-inferred'?: boolean;
};
type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema & { 'x-archera-inferred'?: boolean }> };
};
const root = path.resolve(__dirname, '../..');
const load = (file: string): Spec =>
  JSON.parse(readFileSync(path.join(root, 'openapi', file), 'utf8')) as Spec;
const SPECS: Record<string, Spec> = {
  v1: load('archera-v1.openapi.json'),
  v2: load('archera-v2-partner.openapi.json'),
  beta: load('archera-beta-commitments.openapi.json'),
};

function deref(spec: Spec, schema: Schema | undefined): Schema | undefined {
  let s = schema;
  while (s?.$ref) {
    s = s.$ref
      .replace('#/', '')
      .split('/')
      .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], spec) as Schema;
  }
  return s;
}

function operation(e: UpstreamEndpoint): Operation {
  return SPECS[e.family]!.paths[e.path]![e.method.toLowerCase()]!;
}

function bodySchema(e: UpstreamEndpoint): Schema {
  const ok = Object.entries(operation(e).responses).find(([status]) => status.startsWith('2'))!;
  return deref(SPECS[e.family]!, ok[1].content!['application/json']!.schema)!;
}

describe.each(UPSTREAM_ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_name, e) => {
  const spec = SPECS[e.family]!;

  it('is an operation of its spec, declared vendor only for v1', () => {
    expect(operation(e)).toBeDefined();
    expect(e.spec).toBe(e.family === 'v1' ? 'vendor' : 'inferred');
  });

  it('declares the body shape of its 2xx answer, pages with the largest page_size the spec accepts', () => {
    const schema = bodySchema(e);
    const isArray = schema.type === 'array';
    const items = isArray ? deref(spec, schema.items) : undefined;
    const expected = !isArray
      ? 'object'
      : items?.properties
        ? e.body === 'page'
          ? 'page'
          : 'list'
        : 'values';
    expect(e.body).toBe(expected);
    const pageSize = operation(e).parameters?.find((p) => p.name === 'page_size');
    if (e.body === 'page') expect(e.maxPageSize).toBe(pageSize?.schema?.maximum);
    else expect(e.maxPageSize).toBeUndefined();
  });

  it('names as identity only fields the spec requires', () => {
    for (const field of e.identity) {
      const [list, name] = field.includes('[].') ? field.split('[].') : [undefined, field];
      let schema = bodySchema(e);
      if (list === '') schema = deref(spec, schema.items)!;
      else if (list !== undefined) schema = deref(spec, deref(spec, schema.properties![list])!.items)!;
      expect({ field, required: schema.required?.includes(name!) }).toEqual({ field, required: true });
    }
  });

  it('fills fields only from real path parameters', () => {
    const params = [...e.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    for (const param of Object.values(e.fromPath ?? {})) expect(params).toContain(param);
  });

  it('is cached only when it is a GET', () => {
    if (e.method === 'POST') expect(e.cacheTtlMs).toBeUndefined();
    else expect(e.cacheTtlMs).toBeGreaterThan(0);
  });
});

describe('the filter object (inferred wire format: JSON in the query)', () => {
  const FILTERED = [
    'listCommitments',
    'listCommitmentAttributeValues',
    'getCommitmentMetrics',
    'getDailyCoverage',
  ];
  const byName = new Map(UPSTREAM_ENDPOINTS.map((e) => [e.name, e]));

  it('is a JSON CommitmentFilter parameter, marked inferred, of the endpoints that take one', () => {
    for (const name of FILTERED) {
      const filter = operation(byName.get(name as UpstreamEndpoint['name'])!).parameters?.find(
        (p) => p.name === 'filter',
      );
      expect({
        name,
        in: filter?.in,
        inferred: filter?.['x-archera-inferred'],
        content: filter?.content,
      }).toEqual({
        name,
        in: 'query',
        inferred: true,
        content: {
          'application/json': expect.objectContaining({
            schema: { $ref: '#/components/schemas/CommitmentFilter' },
          }),
        },
      });
    }
    expect(SPECS.beta!.components.schemas.CommitmentFilter!['x-archera-inferred']).toBe(true);
  });

  it('is the only JSON query parameter (the client serialises exactly that one), and summary takes none', () => {
    const json = UPSTREAM_ENDPOINTS.flatMap((e) =>
      (operation(e).parameters ?? []).filter((p) => p.content !== undefined).map(() => e.name),
    );
    expect(json.sort()).toEqual([...FILTERED].sort());
    const summary = operation(byName.get('getCommitmentSummary')!).parameters ?? [];
    expect(summary.map((p) => p.name)).not.toContain('filter');
  });
});

describe('daily coverage (the docs only name it)', () => {
  const e = UPSTREAM_ENDPOINTS.find((x) => x.name === 'getDailyCoverage')!;

  it('is an inferred beta GET, its operation, query parameters and answer marked inferred', () => {
    expect(e).toMatchObject({
      method: 'GET',
      family: 'beta',
      spec: 'inferred',
      body: 'object',
      identity: [],
    });
    expect(e.path).toMatch(/\/metrics\/daily-coverage$/);
    const op = operation(e);
    expect(op['x-archera-inferred']).toBe(true);
    for (const p of op.parameters ?? []) {
      if (p.in === 'query')
        expect({ name: p.name, inferred: p['x-archera-inferred'] }).toEqual({ name: p.name, inferred: true });
    }
    const schemas = SPECS.beta!.components.schemas;
    expect(bodySchema(e)).toBe(schemas.CommitmentCoverage);
    expect(schemas.CommitmentCoverage!['x-archera-inferred']).toBe(true);
    expect(schemas.DailyCoverage!['x-archera-inferred']).toBe(true);
  });
});
