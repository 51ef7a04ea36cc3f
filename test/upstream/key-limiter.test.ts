/** The per-key cap on upstream calls in flight: admission, FIFO hand-over, bounds, timeouts, cleanup. */
import { KeyLimiter, type AcquireResult } from '../../src/upstream/limiter';

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
