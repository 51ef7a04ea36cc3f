/**
 * The shared pollers behind subscriptions: one read per interval however many subscribers, a change told
 * once to each, fast while busy and backing off while stable, Retry-After honoured, final errors end the
 * subscriptions, and nothing polls once the last subscriber has left.
 */
import { UpstreamError } from '../../src/upstream';
import { Pollers, type Observed } from '../../src/server/subscriptions/pollers';

interface Plan {
  status: string;
  calculating: boolean;
}

const TIMING = { fastMs: 100, settleMs: 1_000, slowMs: 8_000 };
const observe = (p: Plan): Observed => ({ signature: `${p.status}:${p.calculating}`, busy: p.calculating });

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Lets the timers' and iterators' promises settle. */
async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

async function advance(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
  await flush();
}

function upstream(initial: Plan) {
  let current = initial;
  const read = jest.fn(async () => current);
  return { read, set: (p: Plan) => (current = p) };
}

test('ten subscribers of one plan share one poller: one read per interval, each hears the change once', async () => {
  const pollers = new Pollers(TIMING);
  const plan = upstream({ status: 'new', calculating: true });
  const subs = Array.from({ length: 10 }, () =>
    pollers.watch('fp:plan:1', 'plan', { status: 'new', calculating: true }, plan.read, observe),
  );
  const firsts = await Promise.all(subs.map((s) => s.next()));
  expect(firsts.every((r) => r.value.calculating)).toBe(true);
  expect(pollers.size).toBe(1);
  expect(pollers.subscribers).toBe(10);

  await advance(TIMING.fastMs);
  expect(plan.read).toHaveBeenCalledTimes(1);
  await advance(TIMING.fastMs);
  expect(plan.read).toHaveBeenCalledTimes(2);

  plan.set({ status: 'new', calculating: false });
  const nexts = subs.map((s) => s.next());
  await advance(TIMING.fastMs);
  expect(plan.read).toHaveBeenCalledTimes(3);
  expect((await Promise.all(nexts)).map((r) => r.value)).toEqual(
    Array(10).fill({ status: 'new', calculating: false }),
  );

  await Promise.all(subs.map((s) => s.return?.()));
  expect(pollers.size).toBe(0);
  await advance(TIMING.slowMs * 2);
  expect(plan.read).toHaveBeenCalledTimes(3);
});

test('stable: the interval doubles while nothing changes, up to the slow interval; busy again: fast', async () => {
  const pollers = new Pollers(TIMING);
  const plan = upstream({ status: 'new', calculating: false });
  const sub = pollers.watch('k', 'plan', { status: 'new', calculating: false }, plan.read, observe);
  await sub.next();
  const readsAfter = async (ms: number): Promise<number> => {
    const before = plan.read.mock.calls.length;
    await advance(ms);
    return plan.read.mock.calls.length - before;
  };
  expect(await readsAfter(999)).toBe(0);
  expect(await readsAfter(1)).toBe(1); // settle 1 s
  expect(await readsAfter(2_000)).toBe(1); // then 2 s
  expect(await readsAfter(4_000)).toBe(1); // 4 s
  expect(await readsAfter(8_000)).toBe(1); // 8 s, the slow cap
  expect(await readsAfter(8_000)).toBe(1);
  plan.set({ status: 'new', calculating: true });
  const next = sub.next();
  expect(await readsAfter(8_000)).toBe(1);
  expect((await next).value.calculating).toBe(true);
  expect(await readsAfter(TIMING.fastMs)).toBe(1); // busy: fast again
  await sub.return?.();
});

test('a 429 is honoured: the next read waits for its Retry-After', async () => {
  const pollers = new Pollers(TIMING);
  let calls = 0;
  const read = jest.fn(async (): Promise<Plan> => {
    calls++;
    if (calls === 1) {
      throw new UpstreamError({
        code: 'RATE_LIMITED',
        endpoint: 'getPlan',
        attempts: 1,
        message: 'slow down',
        retryAfterSeconds: 5,
      });
    }
    return { status: 'new', calculating: true };
  });
  const sub = pollers.watch('k', 'plan', { status: 'new', calculating: true }, read, observe);
  await sub.next();
  await advance(TIMING.fastMs);
  expect(read).toHaveBeenCalledTimes(1);
  await advance(4_900);
  expect(read).toHaveBeenCalledTimes(1);
  await advance(100);
  expect(read).toHaveBeenCalledTimes(2);
  await sub.return?.();
});

test('a plan gone or forbidden ends its subscriptions with that error', async () => {
  const pollers = new Pollers(TIMING);
  const read = jest.fn(async (): Promise<Plan> => {
    throw new UpstreamError({ code: 'NOT_FOUND', endpoint: 'getPlan', attempts: 1, message: 'gone' });
  });
  const sub = pollers.watch('k', 'plan', { status: 'new', calculating: true }, read, observe);
  await sub.next();
  const next = sub.next().catch((error: unknown) => error);
  await advance(TIMING.fastMs);
  expect(await next).toMatchObject({ code: 'NOT_FOUND' });
  expect(await sub.next()).toEqual({ value: undefined, done: true });
  expect(pollers.size).toBe(0);
});

test('a subscriber joining a running poller hears the value now, not a stale one', async () => {
  const pollers = new Pollers(TIMING);
  const plan = upstream({ status: 'new', calculating: true });
  const first = pollers.watch('k', 'plan', { status: 'new', calculating: true }, plan.read, observe);
  await first.next();
  plan.set({ status: 'reviewed', calculating: true });
  const heard = first.next();
  await advance(TIMING.fastMs);
  await heard;
  const late = pollers.watch('k', 'plan', { status: 'new', calculating: true }, plan.read, observe);
  expect((await late.next()).value.status).toBe('reviewed');
  await first.return?.();
  await late.return?.();
  expect(pollers.size).toBe(0);
});
