/**
 * GuardedRedis against a real redis-server that hangs (SIGSTOP), dies (SIGKILL) and comes back on the same
 * port: deadlines hold, the breaker opens and closes by itself, nothing waits on Redis.
 */
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { RedisIdempotencyStore } from '../../src/money/idempotency/redis-store';
import { IdempotencyStoreUnavailableError } from '../../src/money/idempotency/types';
import { GuardedRedis, isRedisUnavailable, type RedisStateChange } from '../../src/stores/guarded-redis';
import { RedisCache } from '../../src/stores/key-value';
import { connectRedis, persistenceWarnings, readRedisPersistence } from '../../src/stores/redis';
import { startControlledRedis, startTestRedis, type ControlledRedis } from '../helpers/redis';
import { until } from '../helpers/wait';

let server: ControlledRedis;
let redis: GuardedRedis;
let changes: RedisStateChange[];
const failures: string[] = [];

beforeAll(async () => {
  server = await startControlledRedis();
});
afterAll(async () => {
  await server.stop();
});
beforeEach(async () => {
  changes = [];
  failures.length = 0;
  redis = connectRedis(server.url, {
    openMs: 200,
    onStateChange: (c) => changes.push(c),
    onFailure: (use, reason) => failures.push(`${use}:${reason}`),
  });
  await until(() => redis.state() === 'up', { withinMs: 10_000 });
  changes.length = 0;
});
afterEach(() => {
  server.resume();
  redis.close();
});

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const result = await fn();
    return { ms: performance.now() - started, result };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

it('answers within the deadline even when the event loop was busy past it', async () => {
  const cache = new RedisCache(redis);
  await cache.set('busy', 'v', { ttl: 60 });
  const pending = cache.get('busy');
  const end = Date.now() + 200; // a long synchronous stretch: the answer arrives meanwhile
  while (Date.now() < end);
  expect(await pending).toBe('v');
  expect(redis.state()).toBe('up');
});

it('sends nothing when the first connection is made only after the deadline', async () => {
  // A connection not made yet (no server needed): 'ready' is emitted by hand.
  const client = Object.assign(new EventEmitter(), { status: 'connecting', disconnect: () => undefined });
  const guarded = new GuardedRedis(client as unknown as Redis);
  let sent = 0;
  const call = guarded.run(
    'idempotency',
    async () => {
      sent += 1;
      return 'OK';
    },
    20,
  );
  // The connection comes while the event loop is busy past the deadline; its 'ready' is handled first.
  const end = performance.now() + 40;
  while (performance.now() < end);
  client.status = 'ready';
  client.emit('ready');
  await expect(call).rejects.toMatchObject({ reason: 'unavailable', maybeApplied: false });
  expect(sent).toBe(0);
  guarded.close();
});

it('hung: calls fail at their deadline, the breaker opens, then nothing is sent; it closes by itself', async () => {
  const cache = new RedisCache(redis);
  await cache.set('k', 'v', { ttl: 60 });
  server.hang();
  const first = await timed(() => cache.get('k'));
  expect(isRedisUnavailable(first.error)).toBe(true);
  expect(first.error).toMatchObject({ reason: 'timeout', maybeApplied: true });
  expect(first.ms).toBeLessThan(1_000); // deadline 50 ms; the bound leaves room for a loaded machine
  await cache.get('k').catch(() => undefined);
  await cache.get('k').catch(() => undefined);
  expect(redis.state()).toBe('open');
  const refused = await timed(() => cache.get('k'));
  // Refused without being sent (not a timeout), so without waiting for the deadline.
  expect(refused.error).toMatchObject({ reason: 'unavailable', maybeApplied: false });
  server.resume();
  await until(() => redis.state() === 'up');
  expect(await cache.get('k')).toBe('v');
  expect(changes.map((c) => c.state)).toEqual(['failing', 'open', 'up']);
  expect(failures).toEqual(expect.arrayContaining(['cache:timeout', 'cache:unavailable']));
});

it('down: the lost connection opens the breaker at once; restarted on the same port, it closes by itself', async () => {
  const cache = new RedisCache(redis);
  await cache.set('kept', 'v'); // the server keeps an append-only file, fsynced on every write
  await server.kill();
  await until(() => redis.state() === 'open');
  const refused = await timed(() => cache.get('kept'));
  expect(refused.error).toMatchObject({ reason: 'unavailable', maybeApplied: false });
  await expect(redis.ping()).rejects.toMatchObject({ code: 'REDIS_UNAVAILABLE' });
  await server.restart();
  await until(() => redis.state() === 'up', { withinMs: 5_000 });
  expect(await cache.get('kept')).toBe('v');
  expect(changes.map((c) => c.state)).toEqual(['open', 'up']);
});

it('an intent whose write timed out is undone once Redis answers again', async () => {
  const store = new RedisIdempotencyStore(redis);
  server.hang();
  const begun = await timed(() => store.begin('fp:late', 'h', Date.now(), 5_000));
  expect(begun.error).toBeInstanceOf(IdempotencyStoreUnavailableError);
  expect(begun.ms).toBeLessThan(3_000); // deadline 1 s
  const undo = (begun.error as IdempotencyStoreUnavailableError).undo;
  expect(undo).toBeDefined();
  server.resume();
  await until(() => redis.state() !== 'open');
  // The SET reached Redis before it stopped answering: it landed.
  const raw = server.client();
  expect(await raw.exists('idempotency:fp:late')).toBe(1);
  await undo!();
  expect(await raw.exists('idempotency:fp:late')).toBe(0);
  expect((await store.begin('fp:late', 'h', Date.now(), 5_000)).kind).toBe('started');
});

it('refuses idempotency calls at once while the breaker is open (nothing sent, nothing to undo)', async () => {
  const store = new RedisIdempotencyStore(redis);
  await server.kill();
  await until(() => redis.state() === 'open');
  const begun = await timed(() => store.begin('fp:refused', 'h', Date.now(), 5_000));
  expect(begun.error).toBeInstanceOf(IdempotencyStoreUnavailableError);
  expect((begun.error as IdempotencyStoreUnavailableError).undo).toBeUndefined();
  await server.restart();
  await until(() => redis.state() === 'up');
});

describe('persistence settings', () => {
  it('finds nothing to warn about with an fsynced append-only file', async () => {
    const p = await readRedisPersistence(redis);
    expect(p).toMatchObject({ appendonly: 'yes', appendfsync: 'always', maxmemoryPolicy: 'noeviction' });
    expect(persistenceWarnings(p!)).toEqual([]);
  });

  it('warns when Redis persists nothing', async () => {
    const bare = await startTestRedis(); // --save '' --appendonly no
    const r = connectRedis(bare.url);
    try {
      const p = await readRedisPersistence(r);
      expect(p).toMatchObject({ appendonly: 'no', save: '' });
      expect(persistenceWarnings(p!)).toEqual([expect.stringMatching(/persists nothing/)]);
      expect(persistenceWarnings({ ...p!, save: '3600 1', maxmemoryPolicy: 'allkeys-lru' })).toEqual([
        expect.stringMatching(/snapshots only/),
        expect.stringMatching(/allkeys-lru/),
      ]);
    } finally {
      r.close();
      await bare.stop();
    }
  });

  it('tolerates CONFIG being disabled', async () => {
    const locked = await startControlledRedis({ args: ['--rename-command', 'CONFIG', ''] });
    const r = connectRedis(locked.url);
    try {
      expect(await readRedisPersistence(r)).toBeUndefined();
      expect(r.state()).toBe('up'); // an error reply is not a failing Redis
    } finally {
      r.close();
      await locked.stop();
    }
  });
});
