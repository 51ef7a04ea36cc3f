/**
 * Every Redis command of the gateway goes through here: a deadline per use and a breaker on the connection.
 *
 * - Deadlines. Each call says what it is for (`use`) and how long it may take: tens of milliseconds for the
 *   response cache and persisted queries (a late answer is worth less than asking the upstream), about a
 *   second for idempotency records. Past its deadline a call fails with RedisUnavailableError whatever Redis
 *   does later; no request ever waits on Redis longer than that. A deadline counts only time the process
 *   could have read the answer: when the event loop was busy past it, the answer already in the socket is
 *   read first (a slow machine is not taken for a slow Redis).
 * - The breaker. Consecutive failures (timeouts, a lost connection) open it, and a lost connection opens it
 *   at once: then no command is sent, every call fails at once. While open it probes by itself (PING with a
 *   short deadline, every `openMs`, and at once when the connection comes back) and closes on the first
 *   answer. Error replies (WRONGTYPE, OOM, a disabled command) prove Redis alive: they fail their call only.
 * - States, for metrics and one log line per change: `connecting` (before the first connection), `up`,
 *   `failing` (recent failures, commands still sent), `open` (nothing sent; probing).
 *
 * The ioredis options that go with it (connectRedis in ./redis): no offline queue (a command while
 * disconnected fails at once instead of waiting for a reconnect), no resend of unanswered commands after a
 * reconnect (a write we gave up on must not land minutes later), a socket timeout that drops a connection
 * that stopped answering, and a short reconnect backoff.
 */
import type { Redis } from 'ioredis';

export type RedisState = 'connecting' | 'up' | 'failing' | 'open';
export const REDIS_STATES: readonly RedisState[] = ['connecting', 'up', 'failing', 'open'];

/** What a command is for: its deadline and its metric label. */
export type RedisUse = 'cache' | 'persisted-queries' | 'idempotency' | 'readiness' | 'probe' | 'config';

/**
 * Why a call failed: `timeout` (no answer within its deadline), `connection` (the connection failed under
 * it), `reply` (Redis answered with an error), `unavailable` (not sent: breaker open or not connected).
 */
export type RedisFailureReason = 'timeout' | 'connection' | 'reply' | 'unavailable';

/** Default deadlines per use, in milliseconds. */
export const REDIS_DEADLINES_MS: Readonly<Record<RedisUse, number>> = Object.freeze({
  cache: 50,
  'persisted-queries': 50,
  idempotency: 1_000,
  readiness: 1_000,
  probe: 500,
  config: 1_000,
});

export class RedisUnavailableError extends Error {
  readonly code = 'REDIS_UNAVAILABLE';

  constructor(
    readonly reason: RedisFailureReason,
    readonly use: RedisUse,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RedisUnavailableError';
  }

  /**
   * Whether Redis may have applied the call although it failed: it was sent and no answer says otherwise
   * (a timeout, a connection lost under it). A write refused as `unavailable` was never sent.
   */
  get maybeApplied(): boolean {
    return this.reason === 'timeout' || this.reason === 'connection';
  }
}

export function isRedisUnavailable(err: unknown): err is RedisUnavailableError {
  return err instanceof RedisUnavailableError;
}

export interface RedisStateChange {
  state: RedisState;
  previous: RedisState;
  /** What caused it (a failure reason, an error code, `probe answered`). Never a key or a value. */
  reason: string;
}

export interface GuardedRedisOptions {
  /** Consecutive failures that open the breaker. Default 3. */
  failureThreshold?: number;
  /** How long the breaker stays open between probes, ms. Default 1000. */
  openMs?: number;
  /** Deadlines per use (over REDIS_DEADLINES_MS). */
  deadlines?: Partial<Record<RedisUse, number>>;
  onStateChange?: (change: RedisStateChange) => void;
  /** Every failed call (metrics). */
  onFailure?: (use: RedisUse, reason: RedisFailureReason) => void;
}

class DeadlineExceeded extends Error {}

/**
 * `promise`, or a DeadlineExceeded after `ms`. When the timer fires, the rejection waits for one turn of
 * the event loop's I/O phase: an answer that arrived while the loop was busy is read first and wins.
 */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return;
          settled = true;
          reject(new DeadlineExceeded(`no answer within ${ms} ms`));
        }),
      Math.max(0, ms),
    );
    promise.then(
      (value) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.name : 'Error';
}

export class GuardedRedis {
  private current: RedisState = 'connecting';
  private failures = 0;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;
  private closed = false;
  private readonly readyWaiters = new Set<() => void>();
  private readonly failureThreshold: number;
  private readonly openMs: number;
  private readonly deadlines: Record<RedisUse, number>;

  constructor(
    /** The connection (its options: see connectRedis). Commands must go through run(). */
    readonly client: Redis,
    private readonly options: GuardedRedisOptions = {},
  ) {
    this.failureThreshold = options.failureThreshold ?? 3;
    this.openMs = options.openMs ?? 1_000;
    this.deadlines = { ...REDIS_DEADLINES_MS, ...options.deadlines };
    client.on('ready', () => {
      for (const wake of this.readyWaiters) wake();
      this.readyWaiters.clear();
      if (this.current === 'connecting') this.transition('up', 'connected');
      else if (this.current === 'open') void this.probe();
    });
    client.on('close', () => {
      if (!this.closed) this.open('connection closed');
    });
    // ioredis reports connection errors here as well as on the commands they fail; without a listener it
    // prints each one. The state changes say what matters, once.
    client.on('error', () => undefined);
  }

  state(): RedisState {
    return this.current;
  }

  /** The deadline of a use, ms. */
  deadline(use: RedisUse): number {
    return this.deadlines[use];
  }

  /**
   * Runs `command` on the connection within the deadline of `use` (or `deadlineMs`). `command` may send
   * several commands: the deadline covers them all. Fails with RedisUnavailableError, at once while the
   * breaker is open.
   *
   * The deadline answers the caller; it cannot take back what was sent. Redis may still execute commands
   * sent before it (when it answers again), and a `command` that sends several goes on after its first
   * answer. Callers write them so that landing late is harmless or undone (the stores do: cache writes,
   * idempotent outcome writes, intents undone by token).
   */
  async run<T>(use: RedisUse, command: (client: Redis) => Promise<T>, deadlineMs?: number): Promise<T> {
    const deadline = deadlineMs ?? this.deadlines[use];
    if (this.closed || this.current === 'open') {
      throw this.fail(use, 'unavailable', 'Redis is unavailable (breaker open): nothing was sent');
    }
    const started = performance.now();
    if (!this.connected()) {
      // Only before the first connection: a command may wait for it within its deadline. A connection
      // lost later opens the breaker (see 'close').
      if (this.current === 'connecting') await this.waitReady(deadline);
      if (!this.connected()) {
        throw this.fail(
          use,
          'unavailable',
          `Redis is not connected (${this.client.status}): nothing was sent`,
        );
      }
      if (performance.now() - started >= deadline) {
        // Connected, but waiting for it took the whole deadline: a command sent now would time out at once.
        throw this.fail(
          use,
          'unavailable',
          `Redis connected after the ${deadline} ms deadline: nothing was sent`,
        );
      }
    }
    const remaining = deadline - (performance.now() - started);
    try {
      const result = await withDeadline(command(this.client), remaining);
      this.succeeded();
      return result;
    } catch (err) {
      if (err instanceof RedisUnavailableError) throw err;
      if (err instanceof DeadlineExceeded) {
        this.failed('timeout');
        throw this.fail(use, 'timeout', `Redis did not answer within ${deadline} ms`, err);
      }
      if ((err as Error | undefined)?.name === 'ReplyError') {
        // Redis answered: the connection is fine, this command is not.
        this.succeeded();
        throw this.fail(use, 'reply', `Redis refused the command: ${(err as Error).message}`, err);
      }
      this.failed(errorCode(err));
      throw this.fail(use, 'connection', `Redis connection failed (${errorCode(err)})`, err);
    }
  }

  /** PING within the readiness deadline (fails at once while the breaker is open). */
  async ping(): Promise<void> {
    await this.run('readiness', (c) => c.ping());
  }

  /** Stops probing and closes the connection. */
  close(): void {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = undefined;
    for (const wake of this.readyWaiters) wake();
    this.readyWaiters.clear();
    this.client.disconnect();
  }

  private connected(): boolean {
    return this.client.status === 'ready';
  }

  private fail(
    use: RedisUse,
    reason: RedisFailureReason,
    message: string,
    cause?: unknown,
  ): RedisUnavailableError {
    try {
      this.options.onFailure?.(use, reason);
    } catch {
      // A metrics hook must never break the call path.
    }
    return new RedisUnavailableError(reason, use, message, cause === undefined ? undefined : { cause });
  }

  private waitReady(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.readyWaiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.max(0, ms));
      this.readyWaiters.add(wake);
    });
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.current === 'failing') this.transition('up', 'answered');
  }

  private failed(reason: string): void {
    if (this.current === 'open' || this.closed) return;
    this.failures += 1;
    if (this.failures >= this.failureThreshold)
      this.open(`${this.failures} consecutive failures (${reason})`);
    else if (this.current !== 'failing') this.transition('failing', reason);
  }

  private open(reason: string): void {
    if (this.closed) return;
    // Calls waiting for the first connection stop waiting: it failed.
    for (const wake of this.readyWaiters) wake();
    this.readyWaiters.clear();
    this.failures = 0;
    if (this.current !== 'open') this.transition('open', reason);
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.closed) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.probe();
    }, this.openMs);
    this.probeTimer.unref();
  }

  /** One PING while open: an answer closes the breaker, anything else keeps it open for another openMs. */
  private async probe(): Promise<void> {
    if (this.probing || this.closed || this.current !== 'open') return;
    this.probing = true;
    let reason: string | undefined;
    try {
      if (!this.connected()) {
        reason = `not connected (${this.client.status})`;
      } else {
        await withDeadline(this.client.ping(), this.deadlines.probe);
      }
    } catch (err) {
      reason = err instanceof DeadlineExceeded ? 'timeout' : errorCode(err);
      try {
        this.options.onFailure?.('probe', err instanceof DeadlineExceeded ? 'timeout' : 'connection');
      } catch {
        // metrics hook
      }
    } finally {
      this.probing = false;
    }
    if (this.closed || this.current !== 'open') return;
    if (reason === undefined) {
      this.failures = 0;
      this.transition('up', 'probe answered');
    } else {
      this.scheduleProbe();
    }
  }

  private transition(state: RedisState, reason: string): void {
    const previous = this.current;
    if (previous === state) return;
    this.current = state;
    try {
      this.options.onStateChange?.({ state, previous, reason });
    } catch {
      // A log or metrics hook must never break the call path.
    }
  }
}
