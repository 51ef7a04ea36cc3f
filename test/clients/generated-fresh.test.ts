/**
 * The client kit's generated files are committed (clients/schema.graphql, the cache configuration, the typed
 * operations, the persisted-query manifest); this fails when one no longer matches the schema or the operations
 * clients ship. Fix: `npm run generate:clients`.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');

it('clients/ matches the schema and the operations clients ship', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/generate-clients.ts', '--check'],
    { cwd: root },
  );
  expect(stdout).toContain('client files are up to date');
}, 60_000);

it('the manifest lists every example and web operation once, each id the SHA-256 of its body', () => {
  const manifest = JSON.parse(
    readFileSync(path.join(root, 'clients/persisted-query-manifest.json'), 'utf8'),
  ) as {
    format: string;
    version: number;
    operations: Array<{ id: string; name: string; type: string; body: string }>;
  };
  expect(manifest).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1 });
  const names = manifest.operations.map((o) => o.name);
  expect(names).toEqual(
    expect.arrayContaining([
      'SavingsDashboard',
      'PlanDrillDown',
      'PurchasePreview',
      'WebDashboard',
      'WebCommitments',
    ]),
  );
  expect(new Set(names).size).toBe(names.length);
  for (const op of manifest.operations) {
    expect(op.id).toBe(createHash('sha256').update(op.body).digest('hex'));
  }
});
