/**
 * Turning polling into push, once for everyone: Archera has no push, so a subscription to a plan is a
 * poller reading it again and again, shared by every subscriber of the same (API key, plan) in this
 * process. A poller reads fast while the plan is busy (calculating, a purchase in progress), backs off while
 * it is stable, honours a 429's Retry-After, tells its subscribers only when what they watch changed, and
 * stops when the last one leaves. Its reads go through the shared upstream cache and coalescing like any
 * other (a plan still calculating is never cached, so a busy plan is read fresh).
 */
import { DEFAULT_SUBSCRIPTION_SETTINGS, type PollTiming } from '../../config/subscriptions';
import { isUpstreamError } from '../../upstream';
import { channel, type Channel } from './channel';

/** What a poller needs to know of each read: whether it changed (for subscribers) and how fast to read again. */
export interface Observed {
  /** Changes exactly when a subscriber should hear of it (status, calculation, savings). */
  signature: string;
  /** Read fast while true. */
  busy: boolean;
}

export interface PollEvents {
  onPoll?(kind: string, result: 'changed' | 'unchanged' | 'error'): void;
}

interface Poll<T> {
  kind: string;
  read: () => Promise<T>;
  observe: (value: T) => Observed;
  subscribers: Set<Channel<T>>;
  last?: { value: T; signature: string; busy: boolean };
  intervalMs: number;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

/** Errors after which reading again cannot help: the plan is gone or the key may not see it any more. */
const FINAL_CODES: ReadonlySet<string> = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED']);

export class Pollers {
  private readonly polls = new Map<string, Poll<unknown>>();
  private readonly starting = new Map<string, Promise<unknown>>();

  constructor(
    private readonly timing: PollTiming = DEFAULT_SUBSCRIPTION_SETTINGS.poll,
    private readonly events: PollEvents = {},
  ) {}

  /** Pollers running (one per watched key, however many subscribers). */
  get size(): number {
    return this.polls.size;
  }

  /** Subscribers of every poller. */
  get subscribers(): number {
    let n = 0;
    for (const poll of this.polls.values()) n += poll.subscribers.size;
    return n;
  }

  /**
   * The value now (`initial`, already read and authorized by the caller), then every change of it. Joins
   * the poller of `key` (one per key in the process), starting it if it is the first subscriber; leaving
   * (return() on the iterator) stops the poller with its last subscriber.
   */
  watch<T>(
    key: string,
    kind: string,
    initial: T,
    read: () => Promise<T>,
    observe: (value: T) => Observed,
  ): AsyncIterableIterator<T> {
    const poll = this.join(key, kind, initial, read, observe);
    const subscriber: Channel<T> = channel<T>(() => this.leave(key, poll, subscriber));
    poll.subscribers.add(subscriber);
    subscriber.push(poll.last?.value ?? initial);
    return subscriber;
  }

  /**
   * Where a new subscriber of `key` starts: the running poller's last read, else one read shared by every
   * subscriber arriving before the poller runs. Same key, so the same right to see it (a revoked right ends
   * every subscriber at the next poll); a failed first read fails only the subscribers that waited on it.
   */
  async initial<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = this.polls.get(key) as Poll<T> | undefined;
    if (running?.last) return running.last.value;
    let pending = this.starting.get(key) as Promise<T> | undefined;
    if (!pending) {
      pending = read().finally(() => this.starting.delete(key));
      this.starting.set(key, pending);
    }
    return pending;
  }

  /** Stops every poller and completes every subscription (shutdown: clients get `complete`). */
  stopAll(): void {
    for (const [key, poll] of this.polls) {
      this.stop(key, poll);
      for (const subscriber of [...poll.subscribers]) subscriber.end();
    }
  }

  private join<T>(
    key: string,
    kind: string,
    initial: T,
    read: () => Promise<T>,
    observe: (value: T) => Observed,
  ): Poll<T> {
    const running = this.polls.get(key) as Poll<T> | undefined;
    if (running) return running;
    const seen = observe(initial);
    const poll: Poll<T> = {
      kind,
      read,
      observe,
      subscribers: new Set(),
      last: { value: initial, signature: seen.signature, busy: seen.busy },
      intervalMs: seen.busy ? this.timing.fastMs : this.timing.settleMs,
      stopped: false,
    };
    this.polls.set(key, poll as Poll<unknown>);
    this.schedule(poll, poll.intervalMs);
    return poll;
  }

  private leave<T>(key: string, poll: Poll<T>, subscriber: Channel<T>): void {
    poll.subscribers.delete(subscriber);
    if (poll.subscribers.size === 0) this.stop(key, poll);
  }

  private stop<T>(key: string, poll: Poll<T>): void {
    poll.stopped = true;
    clearTimeout(poll.timer);
    if (this.polls.get(key) === poll) this.polls.delete(key);
  }

  private schedule<T>(poll: Poll<T>, delayMs: number): void {
    if (poll.stopped) return;
    poll.timer = setTimeout(() => void this.tick(poll), delayMs);
    // A poller never holds the process open by itself.
    poll.timer.unref();
  }

  private async tick<T>(poll: Poll<T>): Promise<void> {
    let next: T;
    try {
      next = await poll.read();
    } catch (err) {
      if (poll.stopped) return;
      this.events.onPoll?.(poll.kind, 'error');
      if (isUpstreamError(err) && FINAL_CODES.has(err.code)) {
        for (const subscriber of [...poll.subscribers]) subscriber.fail(err);
        return;
      }
      // Archera asked us to wait (429), or failed for now: read again later, never sooner than it asked.
      const retryAfterMs = isUpstreamError(err) ? (err.retryAfterSeconds ?? 0) * 1000 : 0;
      poll.intervalMs = Math.min(this.timing.slowMs, Math.max(poll.intervalMs * 2, this.timing.fastMs));
      this.schedule(poll, Math.max(poll.intervalMs, retryAfterMs));
      return;
    }
    if (poll.stopped) return;
    const seen = poll.observe(next);
    const changed = seen.signature !== poll.last?.signature;
    poll.last = { value: next, signature: seen.signature, busy: seen.busy };
    this.events.onPoll?.(poll.kind, changed ? 'changed' : 'unchanged');
    if (changed) for (const subscriber of poll.subscribers) subscriber.push(next);
    // Busy: fast. Stable: from the settle interval, doubling while nothing changes.
    poll.intervalMs = seen.busy
      ? this.timing.fastMs
      : changed
        ? this.timing.settleMs
        : Math.min(this.timing.slowMs, poll.intervalMs * 2);
    this.schedule(poll, poll.intervalMs);
  }
}
