/**
 * A real Redis for the tests: a private redis-server on a free loopback port, started and stopped by the
 * test file (Debian's redis-server package; .ci/run installs it), or TEST_REDIS_URL when set. Never the
 * REDIS_URL of the environment: tests must not write into a Redis someone uses.
 *
 * startControlledRedis() always starts a private server the test may hang (SIGSTOP), kill and restart on
 * the same port, with an append-only file fsynced on every write (what production needs: a record written
 * before a crash is there after the restart).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './ports';

export interface TestRedis {
  url: string;
  /** A fresh key prefix per test file keeps files from seeing each other's keys. */
  client(): Redis;
  stop(): Promise<void>;
}

export interface ControlledRedis extends TestRedis {
  /** SIGSTOP: the server keeps accepting connections (the kernel does) and never answers. */
  hang(): void;
  /** SIGCONT after hang(). */
  resume(): void;
  /** SIGKILL (also when hung): connections drop, the port refuses. */
  kill(): Promise<void>;
  /** A new server on the same port and data directory (after kill()); resolves once it answers PING. */
  restart(): Promise<void>;
}

function requireRedisServer(): void {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'These tests need Redis: install redis-server (apt-get install -y redis-server) or set TEST_REDIS_URL.',
    );
  }
}

async function waitForPing(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        await probe.ping();
        return;
      } catch (err) {
        if (i > 50) throw err;
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    probe.disconnect();
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export async function startTestRedis(): Promise<TestRedis> {
  let child: ChildProcess | undefined;
  let url = process.env.TEST_REDIS_URL;
  if (!url) {
    requireRedisServer();
    const port = await freePort();
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    url = `redis://127.0.0.1:${port}`;
    await waitForPing(url);
  }
  const clients = clientsOf(url);
  return {
    url,
    client: clients.open,
    async stop() {
      clients.disconnect();
      if (child) {
        child.kill('SIGTERM');
        await exited(child);
      }
    },
  };
}

/** Clients of `url` with the gateway's key prefix, all disconnected at once when the server stops. */
function clientsOf(url: string): { open: () => Redis; disconnect: () => void } {
  const opened: Redis[] = [];
  return {
    open() {
      const c = new Redis(url, { keyPrefix: 'archera-graphql:' });
      opened.push(c);
      return c;
    },
    disconnect() {
      for (const c of opened) c.disconnect();
    },
  };
}

/** `args`: more redis-server arguments (e.g. `['--rename-command', 'CONFIG', '']`). */
export async function startControlledRedis(options: { args?: string[] } = {}): Promise<ControlledRedis> {
  requireRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'archera-graphql-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    ...(options.args ?? []),
  ];
  const launch = (): ChildProcess => spawn('redis-server', args, { stdio: 'ignore' });
  let child = launch();
  await waitForPing(url);
  const clients = clientsOf(url);
  return {
    url,
    client: clients.open,
    hang() {
      child.kill('SIGSTOP');
    },
    resume() {
      child.kill('SIGCONT');
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async restart() {
      child = launch();
      await waitForPing(url);
    },
    async stop() {
      clients.disconnect();
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
