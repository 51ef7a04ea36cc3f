/**
 * A circuit breaker per upstream origin. After `failureThreshold` consecutive failed attempts (5xx, network
 * failure, timeout) it opens: every call fails at once, before anything is sent, instead of piling up
 * behind a dead upstream. After `openMs` it lets one probe through (half-open): a success closes it, a
 * failure opens it again. Answers that prove the upstream alive (2xx, 4xx, 429) count as successes.
 */

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  /** Consecutive failed attempts that open the breaker. */
  failureThreshold: number;
  /** How long it stays open before letting a probe through. */
  openMs: number;
}

export const DEFAULT_BREAKER_OPTIONS: Readonly<BreakerOptions> = Object.freeze({
  failureThreshold: 5,
  openMs: 5000,
});

export interface BreakerStateChange {
  origin: string;
  state: BreakerState;
  previous: BreakerState;
}

/** What one attempt proved about the upstream's health. */
export type AttemptVerdict = 'success' | 'failure' | 'neutral';

/** Permission to send one attempt; report its verdict exactly once. */
export interface BreakerTicket {
  /** True when this attempt is the half-open probe. */
  readonly probe: boolean;
  report(verdict: AttemptVerdict): void;
}

export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    readonly origin: string,
    private readonly options: BreakerOptions,
    private readonly now: () => number,
    private readonly onChange?: (change: BreakerStateChange) => void,
  ) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold must be a positive integer');
    }
    if (!(options.openMs >= 0)) throw new RangeError('openMs must be >= 0');
  }

  /** The state now (an open breaker whose time is up reads as half-open). */
  state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) {
      this.transition('half-open');
    }
    return this.current;
  }

  /** Milliseconds until a probe may be sent (0 when calls may go now). */
  retryInMs(): number {
    if (this.state() !== 'open') return 0;
    return Math.max(0, this.options.openMs - (this.now() - this.openedAt));
  }

  /** A ticket to send one attempt, or undefined when the call must fail fast. */
  tryAcquire(): BreakerTicket | undefined {
    const state = this.state();
    if (state === 'open') return undefined;
    if (state === 'half-open') {
      if (this.probeInFlight) return undefined;
      this.probeInFlight = true;
      return this.ticket(true);
    }
    return this.ticket(false);
  }

  private ticket(probe: boolean): BreakerTicket {
    let reported = false;
    return {
      probe,
      report: (verdict) => {
        if (reported) return;
        reported = true;
        if (probe) this.probeInFlight = false;
        this.record(verdict, probe);
      },
    };
  }

  private record(verdict: AttemptVerdict, probe: boolean): void {
    if (verdict === 'neutral') return;
    if (verdict === 'success') {
      this.failures = 0;
      if (this.current !== 'closed') this.transition('closed');
      return;
    }
    this.failures += 1;
    // A failed probe reopens at once; in the closed state, only a run of failures does. Failures of
    // attempts that started before the breaker opened do not restart its clock.
    if (probe || (this.current === 'closed' && this.failures >= this.options.failureThreshold)) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(state: BreakerState): void {
    const previous = this.current;
    if (previous === state) return;
    this.current = state;
    if (state === 'closed') this.failures = 0;
    try {
      this.onChange?.({ origin: this.origin, state, previous });
    } catch {
      // A metrics hook must never break the call path.
    }
  }
}
