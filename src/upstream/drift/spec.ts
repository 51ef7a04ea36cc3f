/**
 * Finding each endpoint's documented success answers in openapi/*.json: the operation by path and method,
 * its 2xx responses (following `$ref`s to components/responses), their `application/json` schemas and
 * documented headers. Read once at start-up; nothing here runs per upstream call.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UPSTREAM_ENDPOINTS, type EndpointName, type UpstreamEndpoint } from '../endpoints';
import { isRecord } from '../values';

/** openapi/ at the repository root, from src/upstream/drift or dist/upstream/drift alike. */
export const SPEC_DIR = path.resolve(__dirname, '../../../openapi');

/** A parsed OpenAPI document: plain JSON, walked by JSON pointer. */
export type OpenApiDocument = Record<string, unknown>;

export interface SpecFile {
  /** File name, for error messages. */
  name: string;
  doc: OpenApiDocument;
}

export interface DocumentedSuccess {
  status: number;
  /** The `application/json` schema, or undefined for an answer without content (204). */
  schema?: unknown;
  /** Documented response headers: name as spelled in the spec, and its schema (if any). */
  headers: { name: string; schema?: unknown; required: boolean }[];
}

export interface EndpointSpec {
  endpoint: UpstreamEndpoint;
  file: SpecFile;
  /** In ascending status order. */
  successes: DocumentedSuccess[];
}

export class SpecError extends Error {
  override name = 'SpecError';
}

export function loadSpecFiles(dir: string = SPEC_DIR): SpecFile[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new SpecError(
      `drift checker: cannot read the OpenAPI specs in ${dir} (${String(code ?? err)}); openapi/ must sit next to src/ or dist/`,
    );
  }
  if (names.length === 0) throw new SpecError(`drift checker: no *.json OpenAPI spec in ${dir}`);
  return names.map((name) => {
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
    if (!isRecord(parsed) || !isRecord(parsed['paths']))
      throw new SpecError(`drift checker: ${name} is not an OpenAPI document (no paths)`);
    return { name, doc: parsed };
  });
}

/** Resolves a local `#/…` JSON pointer inside `doc`; other references are not supported. */
export function resolvePointer(file: SpecFile, ref: string): unknown {
  if (!ref.startsWith('#/')) {
    throw new SpecError(`drift checker: ${file.name}: only local references are supported, not ${ref}`);
  }
  let node: unknown = file.doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isRecord(node) || !Object.hasOwn(node, key))
      throw new SpecError(`drift checker: ${file.name}: unresolved reference ${ref}`);
    node = node[key];
  }
  return node;
}

/** Follows `$ref` chains of OpenAPI objects (responses, headers), not of schemas. */
function deref(file: SpecFile, value: unknown, what: string): Record<string, unknown> {
  let node = value;
  for (let hops = 0; isRecord(node) && typeof node['$ref'] === 'string'; hops++) {
    if (hops > 16) throw new SpecError(`drift checker: ${file.name}: ${what}: reference loop`);
    node = resolvePointer(file, node['$ref']);
  }
  if (!isRecord(node)) throw new SpecError(`drift checker: ${file.name}: ${what} is not an object`);
  return node;
}

function findOperation(
  files: readonly SpecFile[],
  endpoint: UpstreamEndpoint,
): { file: SpecFile; operation: Record<string, unknown> } {
  const found: { file: SpecFile; operation: Record<string, unknown> }[] = [];
  for (const file of files) {
    const item = (file.doc['paths'] as Record<string, unknown>)[endpoint.path];
    if (!isRecord(item)) continue;
    const operation = item[endpoint.method.toLowerCase()];
    if (isRecord(operation)) found.push({ file, operation });
  }
  const [first, second] = found;
  if (!first)
    throw new SpecError(`drift checker: ${endpoint.name}: ${endpoint.method} ${endpoint.path} is in no spec`);
  if (second) {
    throw new SpecError(
      `drift checker: ${endpoint.name}: ${endpoint.method} ${endpoint.path} is in both ${first.file.name} and ${second.file.name}`,
    );
  }
  return first;
}

export function endpointSpec(files: readonly SpecFile[], endpoint: UpstreamEndpoint): EndpointSpec {
  const { file, operation } = findOperation(files, endpoint);
  const responses = operation['responses'];
  if (!isRecord(responses)) throw new SpecError(`drift checker: ${endpoint.name}: no responses`);
  const successes: DocumentedSuccess[] = [];
  for (const [code, value] of Object.entries(responses)) {
    if (!/^2\d\d$/.test(code)) continue;
    const response = deref(file, value, `${endpoint.name} ${code}`);
    const content = isRecord(response['content']) ? response['content'] : {};
    const json = content['application/json'];
    const schema = isRecord(json) ? json['schema'] : undefined;
    const headers: DocumentedSuccess['headers'] = [];
    if (isRecord(response['headers'])) {
      for (const [name, header] of Object.entries(response['headers'])) {
        const h = deref(file, header, `${endpoint.name} ${code} header ${name}`);
        headers.push({ name, schema: h['schema'], required: h['required'] === true });
      }
    }
    successes.push({ status: Number(code), ...(schema !== undefined ? { schema } : {}), headers });
  }
  if (successes.length === 0) throw new SpecError(`drift checker: ${endpoint.name}: no 2xx response`);
  successes.sort((a, b) => a.status - b.status);
  if (!successes.some((s) => s.schema !== undefined))
    throw new SpecError(`drift checker: ${endpoint.name}: no 2xx response has an application/json schema`);
  return { endpoint, file, successes };
}

export function loadEndpointSpecs(dir: string = SPEC_DIR): Map<EndpointName, EndpointSpec> {
  const files = loadSpecFiles(dir);
  return new Map(UPSTREAM_ENDPOINTS.map((e) => [e.name, endpointSpec(files, e)]));
}
