/** REQUIRED_FIELDS is what the OpenAPI specs require of each endpoint's 2xx body; the check finds gaps. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { missingRequiredField, REQUIRED_FIELDS } from '../../src/datasources/archera/required-fields';
import { UPSTREAM_ENDPOINTS } from '../../src/upstream/endpoints';

type Schema = { $ref?: string; type?: string; items?: Schema; required?: string[]; properties?: object };
type Spec = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
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

test.each(UPSTREAM_ENDPOINTS.map((e) => [e.name, e] as const))('%s matches its spec', (name, e) => {
  const spec = SPECS[e.family]!;
  const ok = spec.paths[e.path]![e.method.toLowerCase()]!.responses['200']!;
  let schema = deref(spec, ok.content!['application/json']!.schema);
  if (schema?.type === 'array') schema = deref(spec, schema.items);
  const expected = schema?.properties || schema?.type === 'object' ? (schema.required ?? []) : 'scalars';
  const actual = REQUIRED_FIELDS[name];
  expect(actual === 'scalars' ? actual : [...actual].sort()).toEqual(
    expected === 'scalars' ? expected : [...expected].sort(),
  );
});

test('missingRequiredField names the first gap, in objects and in every array item', () => {
  expect(missingRequiredField('listCommitments', [{ id: 'a', provider: 'aws' }])).toBeUndefined();
  expect(missingRequiredField('listCommitments', [{ id: 'a', provider: 'aws' }, { id: 'b' }])).toBe(
    'provider',
  );
  expect(missingRequiredField('getCommitmentDetails', { provider: 'aws' })).toBe('id');
  // Present but null is the spec's business (nullable fields), not a gap.
  expect(missingRequiredField('getCommitmentDetails', { id: null, provider: 'aws' })).toBeUndefined();
  expect(missingRequiredField('listCommitments', [null])).toBe('id');
  expect(missingRequiredField('getCommitmentSummary', {})).toBeUndefined();
  expect(missingRequiredField('listCommitmentAttributeValues', ['a', 1, true])).toBeUndefined();
  expect(missingRequiredField('listCommitmentAttributeValues', ['a', null])).toBe('item 1');
});
