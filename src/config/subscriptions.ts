/**
 * Subscription settings: how often the pollers behind subscriptions read the upstream, and how many
 * subscriptions a key or a connection may hold for how long (README, "Subscriptions").
 */
import type { IntegerReader } from './limits';

export interface PollTiming {
  /** Between reads while the watched object is busy (calculating, a purchase in progress). */
  fastMs: number;
  /** First interval once it is stable; doubles while nothing changes, up to slowMs. */
  settleMs: number;
  slowMs: number;
}

export interface SubscriptionLimits {
  /** Active subscriptions of one API key, over all its connections. */
  perKey: number;
  /** Active subscriptions of one connection. */
  perConnection: number;
  /** A subscription completes after this long (the client subscribes again if it still cares). */
  lifetimeMs: number;
  /** A connection with no subscription for this long is closed. */
  idleMs: number;
}

export interface SubscriptionSettings {
  poll: PollTiming;
  limits: SubscriptionLimits;
}

export const DEFAULT_SUBSCRIPTION_SETTINGS: Readonly<SubscriptionSettings> = Object.freeze({
  poll: Object.freeze({ fastMs: 2_000, settleMs: 10_000, slowMs: 60_000 }),
  limits: Object.freeze({ perKey: 50, perConnection: 20, lifetimeMs: 60 * 60_000, idleMs: 60_000 }),
});

export function loadSubscriptionSettings(
  integer: IntegerReader,
  fail: (message: string) => never,
): SubscriptionSettings {
  const d = DEFAULT_SUBSCRIPTION_SETTINGS;
  const fastMs = integer('SUBSCRIPTION_POLL_MS', d.poll.fastMs, 100, 600_000);
  const slowMs = integer('SUBSCRIPTION_POLL_MAX_MS', d.poll.slowMs, 100, 3_600_000);
  if (slowMs < fastMs) fail(`SUBSCRIPTION_POLL_MAX_MS (${slowMs}) must be at least SUBSCRIPTION_POLL_MS (${fastMs})`);
  return {
    // Stable plans start at five fast intervals (never above the ceiling), then back off.
    poll: { fastMs, settleMs: Math.min(slowMs, fastMs * 5), slowMs },
    limits: {
      perKey: integer('SUBSCRIPTIONS_PER_KEY', d.limits.perKey, 1, 100_000),
      perConnection: integer('SUBSCRIPTIONS_PER_CONNECTION', d.limits.perConnection, 1, 10_000),
      lifetimeMs: integer('SUBSCRIPTION_LIFETIME_MS', d.limits.lifetimeMs, 1_000, 86_400_000),
      idleMs: integer('SUBSCRIPTION_IDLE_MS', d.limits.idleMs, 1_000, 86_400_000),
    },
  };
}
