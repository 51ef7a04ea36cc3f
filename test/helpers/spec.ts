/**
 * The upstream OpenAPI specs, one per endpoint family, and ajv validators compiled from them (OpenAPI 3.1
 * schemas are JSON Schema 2020-12). Every spec's components are added to ajv under the family's $id, and the
 * '#/components/…' refs of a compiled schema are rebased into the spec of the endpoint's family.
 *
 * Two readings:
 * - strict: the contract's (ajv strict mode, every error, formats checked; the OpenAPI words that are not
 *   JSON Schema known to ajv and validated by nothing);
 * - not strict: the drift checker's reference (formats off since no drift kind covers them, unknown words
 *   ignored, the first error only: valid or not is what counts).
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import betaSpec from '../../openapi/archera-beta-commitments.openapi.json';
import v1Spec from '../../openapi/archera-v1.openapi.json';
import v2Spec from '../../openapi/archera-v2-partner.openapi.json';
import {
  type EndpointName,
  endpointNamed,
  type UpstreamEndpoint,
  type UpstreamFamily,
} from '../../src/upstream/endpoints';

export interface SchemaObject {
  $ref?: string;
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}
export interface ResponseObject {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: SchemaObject }>;
  headers?: Record<string, { $ref?: string; schema?: SchemaObject }>;
}
export interface Operation {
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, SchemaObject>;
    responses?: Record<string, ResponseObject>;
    headers?: Record<string, { schema?: SchemaObject }>;
  };
}

export const SPECS: Readonly<Record<UpstreamFamily, OpenApiDoc>> = {
  v1: v1Spec as unknown as OpenApiDoc,
  v2: v2Spec as unknown as OpenApiDoc,
  beta: betaSpec as unknown as OpenApiDoc,
};

const specId = (family: UpstreamFamily): string => `https://archera-graphql.invalid/openapi/${family}.json`;

function createAjv(strict: boolean): Ajv2020 {
  const ajv = strict
    ? new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true })
    : new Ajv2020({ strict: false, allErrors: false, allowUnionTypes: true, validateFormats: false });
  if (strict) {
    addFormats(ajv);
    for (const keyword of ['x-archera-inferred', 'example', 'discriminator', 'components'])
      ajv.addKeyword(keyword);
  }
  for (const family of Object.keys(SPECS) as UpstreamFamily[]) {
    ajv.addSchema({ $id: specId(family), components: SPECS[family].components });
  }
  return ajv;
}

/** Make the '#/…' refs of an inline schema point into its family's spec. */
function rebase(schema: unknown, family: UpstreamFamily): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rebase(s, family));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith('#/')
        ? `${specId(family)}${v}`
        : rebase(v, family);
  }
  return out;
}

const readings = new Map<boolean, { ajv: Ajv2020; compiled: Map<string, ValidateFunction> }>();

/** A schema of the family's spec (a response body, a header), compiled once per reading. */
export function schemaValidator(
  schema: SchemaObject,
  family: UpstreamFamily,
  { strict }: { strict: boolean },
): ValidateFunction {
  let reading = readings.get(strict);
  if (!reading) {
    reading = { ajv: createAjv(strict), compiled: new Map() };
    readings.set(strict, reading);
  }
  const key = `${family}:${JSON.stringify(schema)}`;
  let fn = reading.compiled.get(key);
  if (!fn) {
    fn = reading.ajv.compile(rebase(schema, family) as object);
    reading.compiled.set(key, fn);
  }
  return fn;
}

export function endpointOf(endpoint: EndpointName | UpstreamEndpoint): UpstreamEndpoint {
  if (typeof endpoint !== 'string') return endpoint;
  const found = endpointNamed(endpoint);
  if (!found) throw new Error(`no upstream endpoint ${endpoint}`);
  return found;
}

/** The endpoint's operation in the spec of its family. */
export function operationOf(endpoint: EndpointName | UpstreamEndpoint): Operation {
  const e = endpointOf(endpoint);
  const op = SPECS[e.family].paths[e.path]?.[e.method.toLowerCase()];
  if (!op) throw new Error(`${e.name}: ${e.method} ${e.path} is not in the ${e.family} spec`);
  return op;
}

/** The validator of the endpoint's documented 200 JSON body. */
export function responseValidator(
  endpoint: EndpointName | UpstreamEndpoint,
  options: { strict: boolean },
): ValidateFunction {
  const e = endpointOf(endpoint);
  const schema = operationOf(e).responses['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${e.name}: no documented 200 JSON body`);
  return schemaValidator(schema, e.family, options);
}
