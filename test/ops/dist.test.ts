/**
 * The production build, laid out as the Docker image has it (dist/, schema/, openapi/, examples/, node_modules/ side
 * by side): `tsc -p tsconfig.build.json` output starts with `node dist/main.js`, serves a query, reports
 * ready, and stops cleanly on SIGTERM.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ORG } from '../helpers/gateway';
import { ROOT, spawnGateway } from './process';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'archera-graphql-dist-'));
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', path.join(dir, 'dist')],
    { cwd: ROOT, stdio: 'pipe' },
  );
  for (const name of ['schema', 'openapi', 'examples', 'node_modules', 'package.json']) {
    symlinkSync(path.join(ROOT, name), path.join(dir, name));
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('node dist/main.js serves the graph, is ready, and exits 0 on SIGTERM', async () => {
  const gw = await spawnGateway([path.join(dir, 'dist/main.js')], {
    NODE_ENV: 'production',
    IDEMPOTENCY_JOURNAL: path.join(dir, 'idempotency.journal'),
  });
  try {
    const res = await fetch(`${gw.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { name } } }`,
      }),
    });
    expect(await res.json()).toMatchObject({ data: { org: { defaultCommitmentPlans: expect.any(Array) } } });
    expect((await fetch(`${gw.base}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${gw.base}/metrics`)).text()).toContain('archera_graphql_requests_total');
    gw.child.kill('SIGTERM');
    expect(await gw.exited).toBe(0);
  } finally {
    gw.child.kill('SIGKILL');
  }
}, 60_000);
