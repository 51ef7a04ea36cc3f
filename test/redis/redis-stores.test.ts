/** The Redis-backed stores against a real Redis. */
import { RedisCache } from '../../src/stores/key-value';
import { UpstreamCache } from '../../src/upstream/cache/upstream-cache';
import { RedisIdempotencyStore } from '../../src/money/idempotency/redis-store';
import { startTestRedis, type TestRedis } from '../helpers/redis';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.stop());

describe('RedisIdempotencyStore', () => {
  it('lets exactly one of many concurrent begins start, across connections (replicas)', async () => {
    const stores = [new RedisIdempotencyStore(redis.client()), new RedisIdempotencyStore(redis.client())];
    const scope = `fp:${Math.random()}`;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => stores[i % 2]!.begin(scope, 'h', Date.now(), 5_000)),
    );
    expect(results.filter((r) => r.kind === 'started')).toHaveLength(1);
  });

  it('stores the outcome for replays, keeps the TTL, and forgets released intents', async () => {
    const client = redis.client();
    const store = new RedisIdempotencyStore(client, 60_000);
    const now = Date.now();
    await store.begin('done', 'h', now, 5_000);
    await store.complete('done', { kind: 'ok', result: { id: 1 }, upstreamStatus: 200 });
    expect(await store.get('done', now)).toMatchObject({
      inputHash: 'h',
      outcome: { kind: 'ok', result: { id: 1 } },
    });
    expect(await client.pttl('idempotency:done')).toBeGreaterThan(50_000);
    await store.begin('gone', 'h', now, 5_000);
    await store.release('gone');
    expect(await store.get('gone', now)).toBeUndefined();
    expect((await store.begin('gone', 'h2', now, 5_000)).kind).toBe('started');
  });
});

describe('RedisCache (upstream cache backend)', () => {
  it('shares cached responses between replicas, scoped by key, and invalidates an org', async () => {
    const a = new UpstreamCache({ backend: new RedisCache(redis.client()) });
    const b = new UpstreamCache({ backend: new RedisCache(redis.client()) });
    let calls = 0;
    const fetch = async () => ({ n: ++calls });
    await a.get('getPlan', 'fp1', 'org-x', ['org-x', 'p'], fetch);
    expect(await b.get('getPlan', 'fp1', 'org-x', ['org-x', 'p'], fetch)).toEqual({ n: 1 });
    expect(await b.get('getPlan', 'fp2', 'org-x', ['org-x', 'p'], fetch)).toEqual({ n: 2 });
    await b.invalidateOrg('fp1', 'org-x');
    expect(await a.get('getPlan', 'fp1', 'org-x', ['org-x', 'p'], fetch)).toEqual({ n: 3 });
  });
});
