/** `npm run simulator`: env configuration, the start-up line, clean shutdown, one-line failures. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../src/simulator/main.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(env: Record<string, string>, onLine?: (line: string, stop: () => void) => void): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, SIMULATOR_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (onLine && stdout.includes('\n')) onLine(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('npm run simulator', () => {
  it('prints where it listens and the demo keys, serves, and exits 0 on SIGTERM', async () => {
    let status = 0;
    const run = await start({ SIMULATOR_LATENCY_MS: '5' }, (line, stop) => {
      const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
      void fetch(`${url}/v1/org/8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41/commitment-plans/default?provider=aws`, {
        headers: { 'x-api-key': 'demo' },
      })
        .then((r) => (status = r.status))
        .finally(stop);
    });
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain("'demo'");
    expect(run.stdout).toContain("'demo-other'");
    expect(status).toBe(200);
    expect(run.code).toBe(0);
  });

  it('fails with one line on stderr and exit code 1 on bad values', async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    const busyPort = String((busy.address() as AddressInfo).port);
    const cases: [Record<string, string>, RegExp][] = [
      [{ SIMULATOR_PORT: 'abc' }, /SIMULATOR_PORT must be an integer/],
      [{ SIMULATOR_LATENCY_MS: '-5' }, /SIMULATOR_LATENCY_MS must be an integer/],
      [{ SIMULATOR_FAULTS: '[{"kind":"explode"}]' }, /SIMULATOR_FAULTS: fault rule 0: kind must be one of/],
      [{ SIMULATOR_PORT: busyPort }, /port already in use/],
    ];
    try {
      // In parallel: each run is mostly tsx start-up.
      const runs = await Promise.all(cases.map(([env]) => start(env)));
      runs.forEach((run, i) => {
        expect({ env: cases[i]?.[0], code: run.code, stdout: run.stdout }).toEqual({
          env: cases[i]?.[0],
          code: 1,
          stdout: '',
        });
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(cases[i]?.[1] ?? /./);
      });
    } finally {
      busy.close();
    }
  });
});
