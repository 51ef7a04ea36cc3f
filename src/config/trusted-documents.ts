/**
 * GRAPHQL_TRUSTED_DOCUMENTS: the path of a persisted-query manifest in Apollo's format (what
 * `@apollo/generate-persisted-query-manifest` writes, and what Apollo Router's safelisting and Hive read):
 *
 *   {"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id","name","type","body"}]}
 *
 * Read once at start. Anything wrong with the file (missing, not JSON, another format, an operation whose
 * body does not parse or does not hold the one operation it names, a duplicate id) is one clear line.
 * What the gateway does with the list is in src/server/plugins/trusted-documents.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, type OperationTypeNode } from 'graphql';

export interface TrustedDocument {
  /** The manifest's id: by default the SHA-256 (hex) of `body`; what a client sends as sha256Hash. */
  id: string;
  name: string;
  type: 'query' | 'mutation' | 'subscription';
  /** The operation's text as the client sends it (Apollo Client's printed document). */
  body: string;
}

export interface TrustedDocuments {
  /** The manifest's path, as configured (for logs). */
  path: string;
  operations: readonly TrustedDocument[];
}

const TYPES: ReadonlySet<string> = new Set(['query', 'mutation', 'subscription']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The manifest at `file`; `fail` reports a problem (one line) and does not return. */
export function readTrustedDocuments(file: string, fail: (message: string) => never): TrustedDocuments {
  const name = 'GRAPHQL_TRUSTED_DOCUMENTS';
  let text: string;
  try {
    text = readFileSync(path.resolve(file), 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    return fail(
      `${name} names a file that cannot be read (${code ?? 'error'}): ${JSON.stringify(file)}. ` +
        'Give the path of a persisted-query manifest, e.g. clients/persisted-query-manifest.json.',
    );
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return fail(`${name} (${file}) is not JSON: expected Apollo's persisted-query manifest.`);
  }
  if (
    !isRecord(manifest) ||
    manifest.format !== 'apollo-persisted-query-manifest' ||
    manifest.version !== 1 ||
    !Array.isArray(manifest.operations)
  ) {
    return fail(
      `${name} (${file}) is not an Apollo persisted-query manifest: expected ` +
        '{"format":"apollo-persisted-query-manifest","version":1,"operations":[...]}.',
    );
  }
  if (manifest.operations.length === 0) {
    return fail(`${name} (${file}) lists no operations: nothing could run.`);
  }
  const operations: TrustedDocument[] = [];
  const ids = new Set<string>();
  manifest.operations.forEach((entry: unknown, i: number) => {
    const where = `${name} (${file}), operations[${i}]`;
    if (
      !isRecord(entry) ||
      typeof entry.id !== 'string' ||
      entry.id === '' ||
      typeof entry.name !== 'string' ||
      typeof entry.type !== 'string' ||
      !TYPES.has(entry.type) ||
      typeof entry.body !== 'string'
    ) {
      fail(`${where}: expected {"id", "name", "type": "query" | "mutation" | "subscription", "body"}.`);
    }
    const op = entry as unknown as TrustedDocument;
    if (ids.has(op.id)) fail(`${where}: the id ${op.id} is listed twice.`);
    ids.add(op.id);
    let definitions;
    try {
      definitions = parse(op.body, { noLocation: true }).definitions;
    } catch (err) {
      fail(`${where} (${op.name}): the body does not parse: ${(err as Error).message.split('\n')[0]}`);
    }
    const ops = definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const only = ops[0];
    if (
      ops.length !== 1 ||
      only?.name?.value !== op.name ||
      (only.operation as OperationTypeNode as string) !== op.type
    ) {
      fail(`${where}: the body must hold exactly one operation, the ${op.type} named ${op.name}.`);
    }
    operations.push({ id: op.id, name: op.name, type: op.type, body: op.body });
  });
  return { path: file, operations };
}

/** GRAPHQL_TRUSTED_DOCUMENTS from the environment: undefined when unset (every operation may run). */
export function loadTrustedDocuments(
  raw: string | undefined,
  fail: (message: string) => never,
): TrustedDocuments | undefined {
  const file = raw?.trim();
  return file ? readTrustedDocuments(file, fail) : undefined;
}
