/** `npm run simulator`: env settings, the start-up line, clean shutdown, one-line failures. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startSimulator } from '../../src/simulator';
import { describeStartError, readSimulatorEnv } from '../../src/simulator/cli';

const MAIN = resolve(__dirname, '../../src/simulator/main.ts');

describe('settings from the environment', () => {
  it('has defaults', () => {
    expect(readSimulatorEnv({})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      latencyMs: 0,
      faults: [],
      drift: false,
    });
  });

  it('reads port, latency, faults and drift', () => {
    const env = {
      SIMULATOR_PORT: '0',
      SIMULATOR_LATENCY_MS: '25',
      SIMULATOR_FAULTS: '[{"kind":"status","status":503,"times":2}]',
      SIMULATOR_DRIFT: 'true',
    };
    expect(readSimulatorEnv(env)).toEqual({
      port: 0,
      host: '127.0.0.1',
      latencyMs: 25,
      faults: [{ kind: 'status', status: 503, times: 2 }],
      drift: true,
    });
  });

  it.each([
    [{ SIMULATOR_PORT: 'abc' }, "SIMULATOR_PORT must be an integer from 0 to 65535, got 'abc'"],
    [{ SIMULATOR_PORT: '70000' }, /^SIMULATOR_PORT must be an integer/],
    [{ SIMULATOR_LATENCY_MS: '-5' }, /^SIMULATOR_LATENCY_MS must be an integer/],
    [{ SIMULATOR_FAULTS: '{not json' }, 'SIMULATOR_FAULTS is not valid JSON'],
    [
      { SIMULATOR_FAULTS: '{"kind":"reset"}' },
      'SIMULATOR_FAULTS: faults must be a JSON array of fault rules',
    ],
    [{ SIMULATOR_FAULTS: '[{"kind":"explode"}]' }, /^SIMULATOR_FAULTS: fault rule 0: kind must be one of/],
    [{ SIMULATOR_DRIFT: 'maybe' }, "SIMULATOR_DRIFT must be true, false, 1 or 0, got 'maybe'"],
  ])('rejects %j', (env, message) => {
    expect(() => readSimulatorEnv(env)).toThrow(message);
  });

  it('names a busy port in one line', async () => {
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    try {
      const error = await startSimulator({ port: (busy.address() as AddressInfo).port }).catch(
        (e: unknown) => e,
      );
      expect(describeStartError(error)).toMatch(/^port already in use/);
    } finally {
      busy.close();
    }
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  env: Record<string, string>,
  onListening?: (line: string, stop: () => void) => void,
): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: { ...process.env, SIMULATOR_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (onListening && stdout.includes('\n')) onListening(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('the process', () => {
  it('prints one line, serves, exits 0 on SIGTERM; a bad setting exits 1 with one line on stderr', async () => {
    let status = 0;
    const [good, bad] = await Promise.all([
      run({ SIMULATOR_LATENCY_MS: '5' }, (line, stop) => {
        const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
        void fetch(
          `${url}/v1/org/8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41/commitment-plans/default?provider=aws`,
          {
            headers: { 'x-api-key': 'demo' },
          },
        )
          .then((r) => (status = r.status))
          .finally(stop);
      }),
      run({ SIMULATOR_FAULTS: '[{"kind":"explode"}]' }),
    ]);
    expect(good.stdout.trim().split('\n')).toHaveLength(1);
    expect(good.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(good.stdout).toContain(
      "'demo' -> orgs 8c1f3a52-6d2e-4b7a-9f10-3e5d7c2a9b41, 2b7e4f90-1c3d-4e5a-8b6f-7a9c0d1e2f33",
    );
    expect(good.stdout).toContain("'demo-other' -> org d4a1c9e7-5b3f-4a2d-8e6c-1f0b9a7d3c55");
    expect(status).toBe(200);
    expect(good.code).toBe(0);

    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^simulator: SIMULATOR_FAULTS: fault rule 0: kind must be one of/),
    ]);
  });
});
