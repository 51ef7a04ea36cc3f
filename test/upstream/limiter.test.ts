/** The per-key cap on upstream calls in flight: admission, FIFO hand-over, bounds, timeouts, cleanup. */
import { ConcurrencyLimiter, KeyLimiter, limitCalls, type AcquireResult } from '../../src/upstream/limiter';

function admitted(r: AcquireResult): () => void {
  if (r.kind !== 'admitted') throw new Error(`expected admitted, got ${r.kind}`);
  return r.release;
}

test('admits up to maxInFlight per key; other keys are not affected', async () => {
  const l = new KeyLimiter({ maxInFlight: 2, maxQueued: 10 });
  admitted(await l.acquire('a', 1000));
  admitted(await l.acquire('a', 1000));
  expect(l.inFlight('a')).toBe(2);
  const other = admitted(await l.acquire('b', 1000));
  expect(l.inFlight('b')).toBe(1);
  other();
  expect(l.inFlight('b')).toBe(0);
});

test('waiters are admitted in order as slots are released', async () => {
  const l = new KeyLimiter({ maxInFlight: 1, maxQueued: 10 });
  const first = admitted(await l.acquire('a', 1000));
  const order: number[] = [];
  const w1 = l.acquire('a', 1000).then((r) => (order.push(1), r));
  const w2 = l.acquire('a', 1000).then((r) => (order.push(2), r));
  first();
  const r1 = admitted(await w1);
  expect(l.inFlight('a')).toBe(1);
  r1();
  admitted(await w2)();
  expect(order).toEqual([1, 2]);
  expect(l.inFlight('a')).toBe(0);
  expect(l.size()).toBe(0);
});

test('a full queue refuses at once', async () => {
  const l = new KeyLimiter({ maxInFlight: 1, maxQueued: 1 });
  admitted(await l.acquire('a', 1000));
  const waiting = l.acquire('a', 50);
  await expect(l.acquire('a', 1000)).resolves.toEqual({ kind: 'queue-full' });
  await expect(waiting).resolves.toEqual({ kind: 'timeout' });
});

test('a waiter times out, or leaves when its signal aborts; a double release is harmless', async () => {
  const l = new KeyLimiter({ maxInFlight: 1, maxQueued: 5 });
  const release = admitted(await l.acquire('a', 1000));
  await expect(l.acquire('a', 10)).resolves.toEqual({ kind: 'timeout' });
  const controller = new AbortController();
  const aborted = l.acquire('a', 1000, controller.signal);
  controller.abort();
  await expect(aborted).resolves.toEqual({ kind: 'aborted' });
  release();
  release();
  expect(l.inFlight('a')).toBe(0);
  expect(l.size()).toBe(0);
});

test('maxInFlight must be a positive integer', () => {
  expect(() => new KeyLimiter({ maxInFlight: 0, maxQueued: 1 })).toThrow(RangeError);
});

describe('ConcurrencyLimiter (one lane: the per-request cap)', () => {
  it('runs at most maxInFlight tasks at once, the others in arrival order, and never drops one', async () => {
    const lane = new ConcurrencyLimiter({ maxInFlight: 2 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) => async (): Promise<number> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running -= 1;
      order.push(n);
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => lane.run(task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(most).toBe(2);
    expect(order.slice(2)).toEqual([3, 4, 5]);
    expect(lane.idle).toBe(true);
  });

  it('frees its slot when a task fails', async () => {
    const lane = new ConcurrencyLimiter({ maxInFlight: 1 });
    await expect(lane.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lane.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('as client middleware, every call of the client goes through the lane', async () => {
    const lane = new ConcurrencyLimiter({ maxInFlight: 1 });
    const step = limitCalls(lane);
    let inside = 0;
    let most = 0;
    const next = async (): Promise<{ body: unknown }> => {
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((r) => setTimeout(r, 2));
      inside -= 1;
      return { body: null };
    };
    await Promise.all([1, 2, 3].map(() => step({ endpoint: 'getPlan' }, next)));
    expect(most).toBe(1);
  });
});
