import { MemoryCache } from '../../src/stores/key-value';
import { UpstreamCache } from '../../src/upstream/cache/upstream-cache';

const events = { hits: 0, misses: 0, coalesced: 0 };
const cache = (): UpstreamCache =>
  new UpstreamCache({
    backend: new MemoryCache(),
    onHit: () => events.hits++,
    onMiss: () => events.misses++,
    onCoalesced: () => events.coalesced++,
  });

beforeEach(() => Object.assign(events, { hits: 0, misses: 0, coalesced: 0 }));

describe('UpstreamCache', () => {
  it('serves a second identical GET from the cache, for the same key only', async () => {
    const c = cache();
    let calls = 0;
    const fetch = async () => ({ n: ++calls });
    expect(await c.get('getPlan', 'fpA', 'org', ['org', 'p'], fetch)).toEqual({ n: 1 });
    expect(await c.get('getPlan', 'fpA', 'org', ['org', 'p'], fetch)).toEqual({ n: 1 });
    expect(await c.get('getPlan', 'fpB', 'org', ['org', 'p'], fetch)).toEqual({ n: 2 });
    expect(calls).toBe(2);
    expect(events).toMatchObject({ hits: 1, misses: 2 });
  });

  it('coalesces identical calls in flight', async () => {
    const c = cache();
    let calls = 0;
    const fetch = () => new Promise((r) => setTimeout(() => r(++calls), 20));
    const results = await Promise.all(
      [1, 2, 3].map(() => c.get('getCommitmentSummary', 'fp', 'org', ['org', 'aws'], fetch)),
    );
    expect(results).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
    expect(events.coalesced).toBe(2);
  });

  it('never caches errors', async () => {
    const c = cache();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('boom');
    };
    await expect(c.get('getPlan', 'fp', 'org', ['x'], failing)).rejects.toThrow('boom');
    await expect(c.get('getPlan', 'fp', 'org', ['x'], failing)).rejects.toThrow('boom');
    expect(calls).toBe(2);
  });

  it('bypass reads fresh (and stores it); invalidateOrg drops the org of one key only', async () => {
    const c = cache();
    let n = 0;
    const fetch = async () => ++n;
    await c.get('getPlan', 'fp', 'org1', ['org1'], fetch);
    expect(await c.get('getPlan', 'fp', 'org1', ['org1'], fetch, true)).toBe(2);
    expect(await c.get('getPlan', 'fp', 'org1', ['org1'], fetch)).toBe(2);
    await c.get('getPlan', 'fp', 'org2', ['org2'], fetch);
    await c.invalidateOrg('fp', 'org1');
    expect(await c.get('getPlan', 'fp', 'org1', ['org1'], fetch)).toBe(4);
    expect(await c.get('getPlan', 'fp', 'org2', ['org2'], fetch)).toBe(3);
  });

  it('expires entries and bounds the memory backend', async () => {
    let now = 1000; // lru-cache reads a start time of 0 as "none"
    const backend = new MemoryCache({ max: 2, ttlResolution: 0, perf: { now: () => now } });
    await backend.set('a', '1', { ttl: 0.01 });
    await backend.set('b', '2', { ttl: 0.01 });
    await backend.set('c', '3', { ttl: 0.01 });
    expect(await backend.get('a')).toBeUndefined();
    expect(await backend.get('b')).toBe('2');
    now += 11;
    expect(await backend.get('b')).toBeUndefined();
  });

  it('drops every entry under a prefix (an org after a purchase)', async () => {
    const backend = new MemoryCache();
    await backend.set('rc:fp:org1:a', '1', { ttl: 60 });
    await backend.set('rc:fp:org1:b', '2', { ttl: 60 });
    await backend.set('rc:fp:org2:a', '3', { ttl: 60 });
    await backend.deletePrefix('rc:fp:org1:');
    expect(await backend.get('rc:fp:org1:a')).toBeUndefined();
    expect(await backend.get('rc:fp:org1:b')).toBeUndefined();
    expect(await backend.get('rc:fp:org2:a')).toBe('3');
  });
});
