/**
 * Hive Gateway (the `hive-gateway` command of @graphql-hive/gateway) as a child process serving a
 * supergraph file, with the test configuration next to this file. Resolves once /healthcheck answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../helpers/ports';

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.join(ROOT, 'node_modules/.bin/hive-gateway');
const CONFIG = path.join(__dirname, 'gateway.config.mjs');

export interface HiveGateway {
  url: string;
  /** What it printed (for a failing test's message). */
  output(): string;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

export async function startHiveGateway(supergraphFile: string, readyWithinMs = 30_000): Promise<HiveGateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [BIN, 'supergraph', supergraphFile, '-c', CONFIG, '-h', '127.0.0.1', '-p', String(port)],
    { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited(child);
    clearTimeout(killed);
  };
  const deadline = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/healthcheck`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hive-gateway not ready within ${readyWithinMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, output: () => output, stop };
}
