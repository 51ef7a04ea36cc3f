/**
 * What Apollo Sandbox (the landing page of /graphql in a browser) opens with: every example operation of
 * examples/ in one document (Sandbox lets you pick which to run) and examples/variables.json, which holds
 * the variables of all of them (demo org, a plan, the partner child org and plan of the simulator).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** examples/ at the repository root, from src/ops or dist/ops alike. */
export const EXAMPLES_DIR = path.resolve(__dirname, '../../examples');

export interface SandboxInitialState {
  document: string;
  variables: Record<string, unknown>;
}

/** The example operation files, sorted by name. */
export function exampleOperationFiles(dir = EXAMPLES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Undefined when the examples are not there (e.g. an image built without them). */
export function loadSandboxInitialState(dir = EXAMPLES_DIR): SandboxInitialState | undefined {
  const files = exampleOperationFiles(dir);
  if (files.length === 0) return undefined;
  const document = files.map((f) => readFileSync(f, 'utf8').trim()).join('\n\n');
  const varsFile = path.join(dir, 'variables.json');
  const variables = existsSync(varsFile)
    ? (JSON.parse(readFileSync(varsFile, 'utf8')) as Record<string, unknown>)
    : {};
  return { document: `${document}\n`, variables };
}
