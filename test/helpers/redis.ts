/**
 * A real Redis for the tests: a private redis-server on a free loopback port, started and stopped by the
 * test file (Debian's redis-server package; .ci/run installs it), or TEST_REDIS_URL when set. Never the
 * REDIS_URL of the environment: tests must not write into a Redis someone uses.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface TestRedis {
  url: string;
  /** A fresh key prefix per test file keeps files from seeing each other's keys. */
  client(): Redis;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startTestRedis(): Promise<TestRedis> {
  let child: ChildProcess | undefined;
  let url = process.env.TEST_REDIS_URL;
  if (!url) {
    if (spawnSync('redis-server', ['--version']).status !== 0) {
      throw new Error(
        'These tests need Redis: install redis-server (apt-get install -y redis-server) or set TEST_REDIS_URL.',
      );
    }
    const port = await freePort();
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    url = `redis://127.0.0.1:${port}`;
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    for (let i = 0; ; i++) {
      try {
        await probe.connect();
        await probe.ping();
        break;
      } catch (err) {
        if (i > 50) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    probe.disconnect();
  }
  const clients: Redis[] = [];
  return {
    url,
    client() {
      const c = new Redis(url, { keyPrefix: 'archera-graphql:' });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.disconnect();
      if (child) {
        child.kill('SIGTERM');
        await new Promise((r) => child!.once('exit', r));
      }
    },
  };
}
