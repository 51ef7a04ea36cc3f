/**
 * The README's run command, as a real process: `npm start` runs `tsx src/main.ts`. Bad configuration fails
 * with one clear line; no configuration serves /graphql on the embedded simulator.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEMO_ORG } from '../helpers/gateway';

const root = path.resolve(__dirname, '../..');

function runMain(env: Record<string, string>): ReturnType<typeof spawn> {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function exitOf(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = runMain(env);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, stderr };
}

it.each([
  [
    { PORT: 'abc' },
    'archera-graphql: invalid configuration: PORT must be an integer from 0 to 65535 (got "abc")',
  ],
  [
    { ARCHERA_API_URL: 'api.archera.ai' },
    'archera-graphql: invalid configuration: ARCHERA_API_URL must be an absolute URL',
  ],
])(
  'fails at start on %j with one clear line',
  async (env, line) => {
    const { code, stderr } = await exitOf(env);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(line);
  },
  30_000,
);

it('serves the acceptance query on the embedded simulator with no configuration at all', async () => {
  const child = runMain({ PORT: '0' });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /ready: open http:\/\/localhost:(\d+)\/graphql/.exec(out);
        if (match) resolve(Number(match[1]));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ org(id: "${DEMO_ORG}") { defaultCommitmentPlans(provider: AWS) { id name lineItems(first: 3) { totalCount edges { cursor node { offer { instanceType region } } } } } } }`,
      }),
    });
    const body = (await res.json()) as {
      data: { org: { defaultCommitmentPlans: unknown[] } };
      errors?: unknown;
    };
    expect(body.errors).toBeUndefined();
    expect(body.data.org.defaultCommitmentPlans).toHaveLength(3);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.on('exit', resolve));
  }
}, 60_000);
