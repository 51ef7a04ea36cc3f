/**
 * The layer rule (.dependency-cruiser.cjs, run by `npm run check:layers`; this test runs it in `npm test`) holds for the tree,
 * and fails, naming its rule, for a scratch change that imports upward, makes a cycle, or adds a folder
 * that is not a layer.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');

function cruise(cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      DEPCRUISE,
      ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err-long'],
      { cwd },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

/** A scratch tree with the project's rule and the given files. */
function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layers-'));
  copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true }, include: ['src'] }),
  );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

it('holds for the tree', async () => {
  const { code, out } = await cruise(ROOT);
  expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('no dependency violations') });
}, 60_000);

it('an import that climbs a layer fails, naming the rule and what the folder may import', async () => {
  const dir = scratch({
    'src/resolvers/Org.ts': 'export const Org = {};\n',
    'src/upstream/client.ts': "import { Org } from '../resolvers/Org';\nexport const client = Org;\n",
  });
  dirs.push(dir);
  const { code, out } = await cruise(dir);
  expect(code).not.toBe(0);
  expect(out).toContain('layer-upstream: src/upstream/client.ts → src/resolvers/Org.ts');
  expect(out.replace(/\s+/g, ' ')).toContain(
    'src/upstream may import only its own folder and the layers below it (stores, tenant, config, generated)',
  );
}, 60_000);

it('a downward import passes', async () => {
  const dir = scratch({
    'src/upstream/client.ts': 'export const client = {};\n',
    'src/resolvers/Org.ts': "import { client } from '../upstream/client';\nexport const Org = client;\n",
  });
  dirs.push(dir);
  expect((await cruise(dir)).code).toBe(0);
}, 60_000);

it('a cycle fails', async () => {
  const dir = scratch({
    'src/loaders/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'src/loaders/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  });
  dirs.push(dir);
  const { code, out } = await cruise(dir);
  expect(code).not.toBe(0);
  expect(out).toContain('no-circular');
}, 60_000);

it('a folder that is not a layer fails until it is placed', async () => {
  const dir = scratch({
    'src/config/index.ts': 'export const config = {};\n',
    'src/helpers/util.ts': "import { config } from '../config';\nexport const util = config;\n",
  });
  dirs.push(dir);
  const { code, out } = await cruise(dir);
  expect(code).not.toBe(0);
  expect(out).toContain('no-unknown-layer');
}, 60_000);
