/** The gateway as a real process (`node --import tsx src/main.ts`, or the built dist/main.js). */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface GatewayProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> of the gateway. */
  base: string;
  /** Base URL of the embedded simulator (from the start-up log line). */
  upstream: string;
  stdout(): string;
  exited: Promise<number | null>;
}

/** Starts the process and waits for its "ready" log line. */
export async function spawnGateway(
  args: string[],
  env: Record<string, string> = {},
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<{ port: number; upstream: string }>((resolve, reject) => {
    const check = (): void => {
      const port = /ready: open http:\/\/localhost:(\d+)\/graphql/.exec(out)?.[1];
      const upstream = /"upstream":"(http:\/\/[^"]+)"/.exec(out)?.[1];
      if (port && upstream) resolve({ port: Number(port), upstream });
    };
    child.stdout!.on('data', check);
    void exited.then((code) => reject(new Error(`exited ${code} before ready:\n${out}\n${err}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${ready.port}`,
    upstream: ready.upstream,
    stdout: () => out,
    exited,
  };
}

/** The process's JSON log lines. */
export function logLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
