/** The circuit breaker on its own: states, thresholds, the half-open probe, with a fake clock. */
import { CircuitBreaker, type BreakerStateChange } from '../../src/upstream/breaker';

function breaker(options = { failureThreshold: 5, openMs: 1000 }) {
  let now = 0;
  const changes: BreakerStateChange[] = [];
  const b = new CircuitBreaker(
    'https://archera.test',
    options,
    () => now,
    (c) => changes.push(c),
  );
  return {
    b,
    changes,
    advance: (ms: number) => {
      now += ms;
    },
    fail: (n = 1) => {
      for (let i = 0; i < n; i++) b.tryAcquire()!.report('failure');
    },
  };
}

test('opens after the threshold of consecutive failures, not before', () => {
  const { b, fail, changes } = breaker();
  fail(4);
  expect(b.state()).toBe('closed');
  fail(1);
  expect(b.state()).toBe('open');
  expect(b.tryAcquire()).toBeUndefined();
  expect(changes).toEqual([{ origin: 'https://archera.test', state: 'open', previous: 'closed' }]);
});

test('a success in between resets the count', () => {
  const { b, fail } = breaker();
  fail(4);
  b.tryAcquire()!.report('success');
  fail(4);
  expect(b.state()).toBe('closed');
});

test('neutral outcomes (cancelled calls) count for nothing', () => {
  const { b, fail } = breaker();
  fail(4);
  for (let i = 0; i < 10; i++) b.tryAcquire()!.report('neutral');
  expect(b.state()).toBe('closed');
  fail(1);
  expect(b.state()).toBe('open');
});

test('after openMs one probe goes through; others still fail fast; its success closes the breaker', () => {
  const { b, fail, advance, changes } = breaker();
  fail(5);
  advance(999);
  expect(b.state()).toBe('open');
  expect(b.retryInMs()).toBe(1);
  advance(1);
  expect(b.state()).toBe('half-open');
  const probe = b.tryAcquire();
  expect(probe?.probe).toBe(true);
  expect(b.tryAcquire()).toBeUndefined();
  probe!.report('success');
  expect(b.state()).toBe('closed');
  expect(b.tryAcquire()?.probe).toBe(false);
  expect(changes.map((c) => c.state)).toEqual(['open', 'half-open', 'closed']);
});

test('a failed probe opens it again for another openMs', () => {
  const { b, fail, advance } = breaker();
  fail(5);
  advance(1000);
  b.tryAcquire()!.report('failure');
  expect(b.state()).toBe('open');
  advance(999);
  expect(b.state()).toBe('open');
  advance(1);
  expect(b.state()).toBe('half-open');
});

test('a cancelled probe frees the probe slot without deciding anything', () => {
  const { b, fail, advance } = breaker();
  fail(5);
  advance(1000);
  b.tryAcquire()!.report('neutral');
  expect(b.state()).toBe('half-open');
  expect(b.tryAcquire()?.probe).toBe(true);
});

test('a ticket reports once; stragglers that started before it opened do not restart the clock', () => {
  const { b, fail, advance } = breaker();
  const straggler = b.tryAcquire()!;
  fail(5);
  advance(600);
  straggler.report('failure');
  straggler.report('failure');
  advance(400);
  expect(b.state()).toBe('half-open');
});

test('a throwing state-change hook does not break the breaker', () => {
  const b = new CircuitBreaker(
    'o',
    { failureThreshold: 1, openMs: 10 },
    () => 0,
    () => {
      throw new Error('metrics down');
    },
  );
  b.tryAcquire()!.report('failure');
  expect(b.state()).toBe('open');
});

test('bad options are refused', () => {
  expect(() => new CircuitBreaker('o', { failureThreshold: 0, openMs: 1 }, () => 0)).toThrow(RangeError);
  expect(() => new CircuitBreaker('o', { failureThreshold: 1, openMs: -1 }, () => 0)).toThrow(RangeError);
});
