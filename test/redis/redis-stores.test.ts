/** The Redis-backed stores against a real Redis. */
import pino from 'pino';
import type { GuardedRedis } from '../../src/stores/guarded-redis';
import { RedisCache } from '../../src/stores/key-value';
import { connectRedis } from '../../src/stores/redis';
import { UpstreamCache } from '../../src/upstream/cache/upstream-cache';
import { RedisIdempotencyStore } from '../../src/money/idempotency/redis-store';
import { RetryingIdempotencyStore } from '../../src/money/idempotency/retrying-store';
import { MoneyMovingService } from '../../src/money/service';
import { keyFingerprint } from '../../src/tenant/fingerprint';
import { startTestRedis, type TestRedis } from '../helpers/redis';

let redis: TestRedis;
const connections: GuardedRedis[] = [];
/** A connection as the gateway makes it (deadlines, breaker); one per replica. */
function guarded(): GuardedRedis {
  const c = connectRedis(redis.url);
  connections.push(c);
  return c;
}
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const c of connections) c.close();
  await redis.stop();
});

describe('RedisIdempotencyStore', () => {
  it('lets exactly one of many concurrent begins start, across connections (replicas)', async () => {
    const stores = [new RedisIdempotencyStore(guarded()), new RedisIdempotencyStore(guarded())];
    const scope = `fp:${Math.random()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => stores[i % 2]!.begin(scope, 'h', Date.now(), 5_000)),
    );
    expect(results.filter((r) => r.kind === 'started')).toHaveLength(1);
  });

  it('stores the outcome for replays, keeps the TTL, and forgets released intents', async () => {
    const client = redis.client();
    const store = new RedisIdempotencyStore(guarded(), 60_000);
    const now = Date.now();
    await store.begin('done', 'h', now, 5_000);
    await store.complete('done', { kind: 'ok', result: { id: 1 }, upstreamStatus: 200 });
    expect(await store.get('done', now)).toMatchObject({
      inputHash: 'h',
      outcome: { kind: 'ok', result: { id: 1 } },
    });
    expect(await client.pttl('idempotency:done')).toBeGreaterThan(50_000);
    await store.release('gone', (await store.begin('gone', 'h', now, 5_000)).record.token!);
    expect(await store.get('gone', now)).toBeUndefined();
    expect((await store.begin('gone', 'h2', now, 5_000)).kind).toBe('started');
  });

  it('writes the record back with its outcome when the key was lost while the POST was in flight', async () => {
    const client = redis.client();
    const store = new RedisIdempotencyStore(guarded(), 60_000);
    const begun = await store.begin('lost', 'h', Date.now(), 5_000);
    // Evicted, flushed, or lost by a Redis restart (appendfsync everysec) while the POST was in flight.
    await client.del('idempotency:lost');
    await store.complete('lost', { kind: 'ok', result: { id: 2 }, upstreamStatus: 200 }, begun.record);
    const again = await store.begin('lost', 'h', Date.now(), 5_000);
    expect(again).toMatchObject({
      kind: 'exists',
      record: { inputHash: 'h', outcome: { kind: 'ok', result: { id: 2 } } },
    });
    expect(await client.pttl('idempotency:lost')).toBeGreaterThan(50_000);
  });

  it('never sends twice for one key when the key is lost during the POST (service, retrying store, Redis)', async () => {
    const client = redis.client();
    const service = new MoneyMovingService({
      store: new RetryingIdempotencyStore(new RedisIdempotencyStore(guarded(), 60_000)),
      audit: pino({ level: 'silent' }),
      purchasesEnabled: true,
      serverKeyMayMoveMoney: true,
    });
    let posts = 0;
    const request = {
      operation: 'purchaseCommitmentPlan' as const,
      apiKey: 'key',
      requestId: 'r',
      orgId: 'org',
      planId: 'plan',
      idempotencyKey: 'lost-in-flight',
      keySource: 'caller' as const,
      input: { planId: 'plan' },
      send: async () => {
        posts += 1;
        expect(await client.del(`idempotency:${keyFingerprint('key')}:lost-in-flight`)).toBe(1);
        return { id: 'bought' };
      },
    };
    expect(await service.execute(request)).toMatchObject({ kind: 'ok', replayed: false });
    expect(await service.execute(request)).toMatchObject({
      kind: 'ok',
      result: { id: 'bought' },
      replayed: true,
    });
    expect(posts).toBe(1);
  });

  it("releases with a token only that intent, never a later request's", async () => {
    const client = redis.client();
    const store = new RedisIdempotencyStore(guarded(), 60_000);
    const now = Date.now();
    const first = await store.begin('tok', 'h', now, 5_000);
    expect(first.record.token).toEqual(expect.any(String));
    await store.release('tok', 'some-other-token');
    expect(await client.exists('idempotency:tok')).toBe(1);
    await store.release('tok', first.record.token!);
    expect(await client.exists('idempotency:tok')).toBe(0);
  });
});

describe('RedisCache (upstream cache backend)', () => {
  it('shares cached responses between replicas, scoped by key, and invalidates an org', async () => {
    const a = new UpstreamCache({ backend: new RedisCache(guarded()) });
    const b = new UpstreamCache({ backend: new RedisCache(guarded()) });
    let calls = 0;
    const fetch = async () => ({ n: ++calls });
    await a.get('getPlan', 'fp1', 'org-x', ['org-x', 'p'], fetch);
    expect(await b.get('getPlan', 'fp1', 'org-x', ['org-x', 'p'], fetch)).toEqual({ n: 1 });
    expect(await b.get('getPlan', 'fp2', 'org-x', ['org-x', 'p'], fetch)).toEqual({ n: 2 });
    await b.invalidateOrg('fp1', 'org-x');
    expect(await a.get('getPlan', 'fp1', 'org-x', ['org-x', 'p'], fetch)).toEqual({ n: 3 });
  });
});
