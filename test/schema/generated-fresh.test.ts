/**
 * Generated files are committed (a fresh clone builds without a generation step); this fails when they no
 * longer match openapi/ or schema/. Fix: `npm run generate`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const root = path.resolve(__dirname, '../..');

it('src/generated matches openapi/ and schema/', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'scripts/check-generated.ts'],
    { cwd: root },
  );
  expect(stdout).toContain('generated files are up to date');
}, 60_000);
