/** The per-key budget of cost points per minute (token bucket), with a fake clock. */
import { CostBudget } from '../../src/server/limits/budget';

function budget(perMinute = 60, maxKeys?: number) {
  let now = 0;
  const b = new CostBudget(perMinute, () => now, maxKeys);
  return { b, advance: (ms: number) => (now += ms) };
}

test('a key may spend its whole minute at once, then waits for the refill', () => {
  const { b } = budget(60);
  expect(b.spend('k', 60)).toMatchObject({
    allowed: true,
    cost: 60,
    remaining: 0,
    limit: 60,
    resetSeconds: 60,
  });
  const refused = b.spend('k', 10);
  expect(refused).toMatchObject({ allowed: false, cost: 0, remaining: 0, retryAfterSeconds: 10 });
});

test('it refills continuously (budget / 60 points a second)', () => {
  const { b, advance } = budget(60);
  b.spend('k', 60);
  advance(5000);
  expect(b.spend('k', 5)).toMatchObject({ allowed: true, remaining: 0 });
  expect(b.spend('k', 1).allowed).toBe(false);
  advance(120_000);
  // Never more than a minute's worth.
  expect(b.spend('k', 1)).toMatchObject({ allowed: true, remaining: 59 });
});

test('every operation costs at least 1; a refusal spends nothing', () => {
  const { b } = budget(2);
  expect(b.spend('k', 0)).toMatchObject({ allowed: true, cost: 1, remaining: 1 });
  expect(b.spend('k', 5).allowed).toBe(false);
  expect(b.spend('k', 1)).toMatchObject({ allowed: true, remaining: 0 });
});

test('keys are independent', () => {
  const { b } = budget(10);
  b.spend('a', 10);
  expect(b.spend('a', 1).allowed).toBe(false);
  expect(b.spend('b', 10).allowed).toBe(true);
});

test('the number of buckets is bounded: refilled ones go first, then the least recently used', () => {
  const { b, advance } = budget(60, 10);
  for (let i = 0; i < 10; i++) b.spend(`k${i}`, 30);
  advance(60_000);
  b.spend('active', 30);
  // Every earlier bucket had refilled: forgetting them changes nothing.
  expect(b.size()).toBe(1);
  for (let i = 0; i < 20; i++) b.spend(`n${i}`, 30);
  expect(b.size()).toBeLessThanOrEqual(10);
});

test('a non-positive budget is refused', () => {
  expect(() => new CostBudget(0)).toThrow(RangeError);
});
