/**
 * Child processes of `npm run bench`: each target and the simulator in a process of its own, so its memory
 * (RSS from /proc, the process and its descendants) and CPU time can be read. Linux only. Every wait is
 * bounded; stop() ends only the process it started (SIGTERM, then SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in ticks of 1/100 s. */
const TICKS_PER_SECOND = 100;

export interface Started {
  name: string;
  pid: number;
  child: ChildProcess;
  /** First stdout line matching `readyLine`, when one was asked for. */
  readyMatch?: RegExpMatchArray;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr go here. */
  logFile: string;
  /** Ready when stdout prints a line matching this... */
  readyLine?: RegExp;
  /** ...or when GET on this URL answers 2xx. */
  readyUrl?: string;
  timeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await request(url, { method: 'GET', headersTimeout: 1000, bodyTimeout: 1000 });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch {
    return false;
  }
}

export async function startProcess(options: StartOptions): Promise<Started> {
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.pipe(log);
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  let readyMatch: RegExpMatchArray | undefined;
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    if (readyMatch || !options.readyLine) return;
    buffered += chunk.toString('utf8');
    readyMatch = buffered.match(options.readyLine) ?? undefined;
  });
  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      await Promise.race([exit, sleep(5000)]);
      if (!exited) child.kill('SIGKILL');
      await Promise.race([exit, sleep(2000)]);
    }
    log.end();
  };

  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    if (exited) throw new Error(`${options.name} exited before it was ready (see ${options.logFile})`);
    if (options.readyLine && readyMatch) break;
    if (options.readyUrl && (await answers(options.readyUrl))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} was not ready in time (see ${options.logFile})`);
    }
    await sleep(100);
  }
  if (child.pid === undefined) throw new Error(`${options.name}: no pid`);
  return { name: options.name, pid: child.pid, child, ...(readyMatch ? { readyMatch } : {}), stop };
}

function statOf(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state ppid ... utime(14) stime(15).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** The process and all its descendants. */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat) parents.set(Number(entry), stat.ppid);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'),
    );
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export interface Usage {
  /** Resident memory now, MB (the process tree). */
  rssMb: number;
  /** Peak resident memory so far, MB (sum of the tree's per-process peaks). */
  peakRssMb: number;
  /** User + system CPU time so far, ms (the tree). */
  cpuMs: number;
}

export function usageOf(pid: number): Usage {
  const tree = processTree(pid);
  const sum = (f: (p: number) => number): number => tree.reduce((acc, p) => acc + f(p), 0);
  return {
    rssMb: sum((p) => statusKb(p, 'VmRSS')) / 1024,
    peakRssMb: sum((p) => statusKb(p, 'VmHWM')) / 1024,
    cpuMs: (sum((p) => statOf(p)?.ticks ?? 0) * 1000) / TICKS_PER_SECOND,
  };
}

/** Runs a node script to completion and returns its stdout (bounded by timeoutMs). */
export async function runNode(args: string[], cwd: string, timeoutMs: number): Promise<string> {
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  if (code !== 0)
    throw new Error(`node ${args.join(' ')} failed (exit ${code}):\n${(err + out).slice(-2000)}`);
  return out;
}

/** CPU time of the whole machine so far, ms: busy (all but idle and iowait) and total, over all cores. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: ((total - idle) * 1000) / TICKS_PER_SECOND, total: (total * 1000) / TICKS_PER_SECOND };
}

/**
 * Waits (at most maxMs) until the machine has been quiet for a 1 s window: other work (other people's test
 * runs on a shared machine, say) below `maxBusyShare` of all cores. Returns the last window's busy share.
 */
export async function waitForQuiet(maxBusyShare: number, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  for (;;) {
    const a = machineCpuMs();
    await sleep(1000);
    const b = machineCpuMs();
    const share = (b.busy - a.busy) / Math.max(1, b.total - a.total);
    if (share <= maxBusyShare || Date.now() > deadline) return share;
  }
}
