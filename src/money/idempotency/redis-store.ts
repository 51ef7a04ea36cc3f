/**
 * Idempotency records in Redis, shared by every replica. `SET NX` makes `begin` atomic across replicas
 * (exactly one of them starts a key); the record expires with the key after 24 hours. Each write is
 * acknowledged by Redis before the POST leaves; Redis' own persistence settings decide what survives a
 * Redis restart (use AOF in production: README, "Redis"); an intent lost while its POST was in flight is
 * written back with its outcome.
 *
 * Every call has the idempotency deadline (about a second, GuardedRedis) and fails with
 * IdempotencyStoreUnavailableError past it or while Redis is unavailable: the money move is refused, nothing
 * is sent. An intent whose SET timed out may still land when Redis answers again; the error then carries an
 * undo that drops it (only that intent: compared by its token).
 */
import { randomUUID } from 'node:crypto';
import { isRedisUnavailable, type GuardedRedis } from '../../stores/guarded-redis';
import {
  IDEMPOTENCY_TTL_MS,
  IdempotencyStoreUnavailableError,
  newIntent,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredOutcome,
} from './types';

const key = (scope: string): string => `idempotency:${scope}`;

/** Deletes KEYS[1] only while its record carries the token ARGV[1] (a JSON string property). */
const DELETE_IF_TOKEN = `
local v = redis.call('GET', KEYS[1])
if v and string.find(v, ARGV[1], 1, true) then return redis.call('DEL', KEYS[1]) end
return 0`;

function unavailable(
  what: string,
  err: unknown,
  undo?: () => Promise<void>,
): IdempotencyStoreUnavailableError {
  const reason = err instanceof Error ? err.message : String(err);
  return new IdempotencyStoreUnavailableError(`Redis could not ${what}: ${reason}`, {
    cause: err,
    ...(undo ? { undo } : {}),
  });
}

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: GuardedRedis,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
  ) {}

  async begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult> {
    const token = randomUUID();
    const record: IdempotencyRecord = { ...newIntent(scope, inputHash, now, this.ttlMs, leaseMs), token };
    let created: string | null;
    try {
      created = await this.redis.run('idempotency', (c) =>
        c.set(key(scope), JSON.stringify(record), 'PX', this.ttlMs, 'NX'),
      );
    } catch (err) {
      throw unavailable(
        'record the intent',
        err,
        isRedisUnavailable(err) && err.maybeApplied ? () => this.release(scope, token) : undefined,
      );
    }
    if (created === 'OK') return { kind: 'started', record };
    const existing = await this.get(scope, now);
    // Expired between the two commands: extremely unlikely; treat as taken so nothing is sent twice.
    return { kind: 'exists', record: existing ?? { ...record, orphaned: true } };
  }

  /**
   * With `record`, one SET of the record and its outcome until the record expires: it also restores a key
   * lost while the POST was in flight (without it, the next begin with the key would start and send again).
   * Without, the outcome goes into the record as Redis holds it, if it still does.
   */
  async complete(scope: string, outcome: StoredOutcome, record?: IdempotencyRecord): Promise<void> {
    try {
      await this.redis.run('idempotency', async (c) => {
        if (record) {
          const ttlMs = record.expiresAt - Date.now();
          // Expired: a begin with the key would start anew whatever is written.
          if (ttlMs > 0) await c.set(key(scope), JSON.stringify({ ...record, outcome }), 'PX', ttlMs);
          return;
        }
        const raw = await c.get(key(scope));
        if (raw === null) return;
        const current = JSON.parse(raw) as IdempotencyRecord;
        await c.set(key(scope), JSON.stringify({ ...current, outcome }), 'KEEPTTL', 'XX');
      });
    } catch (err) {
      throw unavailable('record the outcome', err);
    }
  }

  /**
   * Drops the intent only while it is still the one with `token` (every record here has one): a plain DEL
   * could drop the record of another request that holds the key by then.
   */
  async release(scope: string, token: string): Promise<void> {
    try {
      await this.redis.run('idempotency', (c) =>
        c.eval(DELETE_IF_TOKEN, 1, key(scope), `"token":${JSON.stringify(token)}`),
      );
    } catch (err) {
      throw unavailable('release the intent', err);
    }
  }

  async get(scope: string, now: number): Promise<IdempotencyRecord | undefined> {
    let raw: string | null;
    try {
      raw = await this.redis.run('idempotency', (c) => c.get(key(scope)));
    } catch (err) {
      throw unavailable('read the record', err);
    }
    if (raw === null) return undefined;
    const record = JSON.parse(raw) as IdempotencyRecord;
    return record.expiresAt > now ? record : undefined;
  }

  async close(): Promise<void> {
    // The connection is shared by the stores; its owner closes it.
  }
}
