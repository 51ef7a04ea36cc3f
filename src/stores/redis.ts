/**
 * One Redis connection per process for the shared stores (idempotency records, response cache, persisted
 * queries) when REDIS_URL is set, behind GuardedRedis (./guarded-redis): every command has a deadline and a
 * breaker stops sending while Redis fails. The connection itself never makes a caller wait: no offline
 * queue, no resend after a reconnect, a dead socket dropped after a few seconds of silence.
 */
import { Redis } from 'ioredis';
import { GuardedRedis, REDIS_DEADLINES_MS, type GuardedRedisOptions } from './guarded-redis';

/** Connection settings (see guarded-redis.ts for why). */
const REDIS_CONNECTION_OPTIONS = Object.freeze({
  lazyConnect: false,
  // A command while disconnected fails at once (GuardedRedis opens its breaker on the lost connection).
  enableOfflineQueue: false,
  // Nothing waits for a reconnect, and nothing is resent after one: a write we gave up on must not land
  // later (an idempotency intent the request already reported as refused).
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  connectTimeout: 2_000,
  // A backstop only: GuardedRedis gives every call its own, shorter deadline.
  commandTimeout: 2 * REDIS_DEADLINES_MS.idempotency,
  // A connection whose server stopped answering (hung, a dead peer behind a silent network) is dropped and
  // made again, instead of waiting for TCP to notice.
  socketTimeout: 5_000,
  // Reconnect quickly: 100 ms, 200 ms, ... at most 1 s apart.
  retryStrategy: (times: number): number => Math.min(100 * times, 1_000),
  // Keys of this gateway live under one prefix, so one Redis can serve other tools too.
  keyPrefix: 'archera-graphql:',
});

export function connectRedis(url: string, options: GuardedRedisOptions = {}): GuardedRedis {
  return new GuardedRedis(new Redis(url, { ...REDIS_CONNECTION_OPTIONS }), options);
}

/** What Redis keeps across a restart, as CONFIG GET reports it. */
export interface RedisPersistence {
  appendonly: string | undefined;
  appendfsync: string | undefined;
  save: string | undefined;
  maxmemoryPolicy: string | undefined;
}

/**
 * Redis' persistence and eviction settings, or undefined when they cannot be read (CONFIG disabled or
 * renamed, as on some managed services; Redis unavailable).
 */
export async function readRedisPersistence(redis: GuardedRedis): Promise<RedisPersistence | undefined> {
  try {
    return await redis.run('config', async (client) => {
      const get = async (name: string): Promise<string | undefined> => {
        const reply = (await client.call('CONFIG', 'GET', name)) as unknown;
        // RESP2 shape (ioredis' legacy mapping): [name, value]; a map in RESP3 shape.
        if (Array.isArray(reply)) return reply[1] === undefined ? undefined : String(reply[1]);
        if (reply && typeof reply === 'object') {
          const value = (reply as Record<string, unknown>)[name];
          return value === undefined ? undefined : String(value);
        }
        return undefined;
      };
      return {
        appendonly: await get('appendonly'),
        appendfsync: await get('appendfsync'),
        save: await get('save'),
        maxmemoryPolicy: await get('maxmemory-policy'),
      };
    });
  } catch {
    return undefined;
  }
}

/**
 * What is wrong with these settings for idempotency records (which must survive a Redis restart and must
 * never be evicted): one sentence each, empty when nothing is.
 */
export function persistenceWarnings(p: RedisPersistence): string[] {
  const warnings: string[] = [];
  if (p.appendonly !== 'yes') {
    warnings.push(
      p.save === undefined || p.save.trim() === ''
        ? 'Redis persists nothing (appendonly no, no save points): every idempotency record is lost when Redis restarts, and a purchase replayed after that would be sent again. Set appendonly yes.'
        : 'Redis persists by snapshots only (appendonly no): idempotency records written since the last snapshot are lost when Redis restarts. Set appendonly yes.',
    );
  } else if (p.appendfsync === 'no') {
    warnings.push(
      'Redis appendfsync is no: the last writes (idempotency records) may be lost in a crash. Use everysec or always.',
    );
  }
  if (p.maxmemoryPolicy !== undefined && p.maxmemoryPolicy !== 'noeviction') {
    warnings.push(
      `Redis maxmemory-policy is ${p.maxmemoryPolicy}: idempotency records (keys with a TTL) may be evicted under memory pressure. Use noeviction (or a separate Redis for the cache).`,
    );
  }
  return warnings;
}
