/**
 * Idempotency records in Redis, shared by every replica. `SET NX` makes `begin` atomic across replicas
 * (exactly one of them starts a key); the record expires with the key after 24 hours. Each write is
 * acknowledged by Redis before the POST leaves; Redis' own persistence settings decide what survives a
 * Redis restart (use AOF in production).
 */
import type { Redis } from '../../stores/redis';
import {
  IDEMPOTENCY_TTL_MS,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredOutcome,
} from './types';

const key = (scope: string): string => `idempotency:${scope}`;

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
  ) {}

  async begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult> {
    const record: IdempotencyRecord = {
      scope,
      inputHash,
      createdAt: now,
      expiresAt: now + this.ttlMs,
      leaseUntil: now + leaseMs,
    };
    const created = await this.redis.set(key(scope), JSON.stringify(record), 'PX', this.ttlMs, 'NX');
    if (created === 'OK') return { kind: 'started', record };
    const existing = await this.get(scope, now);
    // Expired between the two commands: extremely unlikely; treat as taken so nothing is sent twice.
    return { kind: 'exists', record: existing ?? { ...record, orphaned: true } };
  }

  async complete(scope: string, outcome: StoredOutcome): Promise<void> {
    const current = await this.get(scope, 0);
    if (!current) return;
    await this.redis.set(key(scope), JSON.stringify({ ...current, outcome }), 'KEEPTTL', 'XX');
  }

  async release(scope: string): Promise<void> {
    await this.redis.del(key(scope));
  }

  async get(scope: string, now: number): Promise<IdempotencyRecord | undefined> {
    const raw = await this.redis.get(key(scope));
    if (raw === null) return undefined;
    const record = JSON.parse(raw) as IdempotencyRecord;
    return record.expiresAt > now ? record : undefined;
  }

  async close(): Promise<void> {
    // The connection is shared by the stores; its owner closes it.
  }
}
