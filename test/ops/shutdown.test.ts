/**
 * SIGTERM on the real process: it stops accepting, lets a slow query in flight finish with its data, then
 * exits 0; every line logged before the exit is on stdout, in order.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEMO_ORG } from '../helpers/gateway';
import { logLines, ROOT, spawnGateway } from './process';

it('SIGTERM during a slow query lets it finish, then exits 0', async () => {
  const gw = await spawnGateway(['--import', 'tsx', 'src/main.ts']);
  try {
    // Every upstream answer now takes 1.5 s.
    const latency = await fetch(`${gw.upstream}/__simulator/latency`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 1500 }),
    });
    expect(latency.status).toBe(204);

    const query = fetch(`${gw.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'slow-query-1' },
      body: JSON.stringify({
        query: `query Slow { org(id: "${DEMO_ORG}") { recommendedCommitmentPlan(provider: AWS) { name } } }`,
      }),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }));

    // Wait until the query's upstream call is in flight at the simulator.
    for (let i = 0; ; i++) {
      const calls = (await (await fetch(`${gw.upstream}/__simulator/calls`)).json()) as Array<{
        requestId: string | null;
      }>;
      if (calls.some((c) => c.requestId === 'slow-query-1')) break;
      if (i > 100) throw new Error('the slow query never reached the simulator');
      await new Promise((r) => setTimeout(r, 20));
    }
    const signalledAt = Date.now();
    gw.child.kill('SIGTERM');

    const answer = await query;
    expect(answer).toEqual({
      status: 200,
      body: { data: { org: { recommendedCommitmentPlan: { name: 'Recommended' } } } },
    });
    expect(await gw.exited).toBe(0);
    // It waited for the query (about 1.5 s), not for a keep-alive timeout or a kill.
    expect(Date.now() - signalledAt).toBeLessThan(8000);

    const lines = logLines(gw.stdout());
    const order = [
      'shutting down: no new connections, finishing requests in flight',
      'graphql request',
      'stopped',
    ];
    const at = order.map((msg) =>
      lines.findIndex((l) => l.msg === msg && (msg !== 'graphql request' || l.requestId === 'slow-query-1')),
    );
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  } finally {
    gw.child.kill('SIGKILL');
  }
}, 60_000);

it('the process logger writes each line before process.exit, in order, even with the thread pool busy', () => {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'fixtures', 'log-then-exit.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', UV_THREADPOOL_SIZE: '1' },
      encoding: 'utf8',
      timeout: 20_000,
    },
  );
  expect(run.status).toBe(0);
  expect(logLines(run.stdout).map((l) => l.msg)).toEqual(['graphql request', 'stopped']);
});
