/**
 * An idempotency store that finishes, in the background, the writes its store could not take in time.
 *
 * A POST that already left when the store failed has an outcome that must be recorded, or a replay would
 * answer OUTCOME_UNKNOWN (safe, never resent, but wrong). complete() therefore never fails for an unavailable
 * store: it keeps the outcome and writes it again with backoff (200 ms doubling to 5 s) until the store
 * takes it, for at most `maxAgeMs` (15 minutes) or `maxPending` writes; then it gives up, logs it, and a
 * replay answers OUTCOME_UNKNOWN. Until written, this process answers replays of that key from memory.
 * The same goes for a release (a POST that certainly never left frees its key) and for the undo of an
 * intent whose write timed out but may still land (see IdempotencyStoreUnavailableError).
 *
 * begin() is never deferred: without a recorded intent nothing is sent (the caller refuses the request).
 * close() tries each pending write once more, then reports what is lost.
 */
import type { Logger } from 'pino';
import {
  isStoreUnavailable,
  IdempotencyStoreUnavailableError,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredOutcome,
} from './types';

export interface RetryingStoreOptions {
  logger?: Logger | undefined;
  /** First retry after this long, then twice as long each time up to maxDelayMs. Default 200. */
  firstDelayMs?: number;
  /** Default 5000. */
  maxDelayMs?: number;
  /** How long a write is retried before it is given up. Default 15 minutes. */
  maxAgeMs?: number;
  /** At most this many writes wait at once; beyond, a new one is given up at once. Default 10000. */
  maxPending?: number;
  /** A write given up (metrics). */
  onLost?: () => void;
  now?: () => number;
}

type PendingKind = 'outcome' | 'release' | 'undo';

interface PendingWrite {
  kind: PendingKind;
  write: () => Promise<void>;
  since: number;
  delayMs: number;
  timer: NodeJS.Timeout | undefined;
  /** For an outcome: the completed record, to answer replays in this process until it is written. */
  record: IdempotencyRecord | undefined;
}

export class RetryingIdempotencyStore implements IdempotencyStore {
  private readonly pending = new Map<string, PendingWrite>();
  /** Intents begun here and not yet completed or released: what a deferred outcome completes. */
  private readonly started = new Map<string, IdempotencyRecord>();
  private readonly now: () => number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAgeMs: number;
  private readonly maxPending: number;
  private available = true;
  private closed = false;

  constructor(
    private readonly inner: IdempotencyStore,
    private readonly options: RetryingStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.firstDelayMs = options.firstDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.maxAgeMs = options.maxAgeMs ?? 15 * 60_000;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Writes waiting to be retried (metrics). */
  pendingCount(): number {
    return this.pending.size;
  }

  /** Whether the store took the last call made to it (metrics). */
  isAvailable(): boolean {
    return this.available;
  }

  async begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult> {
    const pending = this.pending.get(scope);
    if (pending?.kind === 'outcome' && pending.record) return { kind: 'exists', record: pending.record };
    // An earlier release or undo of this key must land first, or the new intent would meet the old one.
    if (pending && !(await this.attempt(scope, pending))) {
      throw new IdempotencyStoreUnavailableError(
        'An earlier write for this idempotency key is not recorded yet (the store is unavailable).',
      );
    }
    const result = await this.call(
      () => this.inner.begin(scope, inputHash, now, leaseMs),
      (err) => {
        if (err.undo) this.defer(scope, 'undo', err.undo, undefined);
      },
    );
    if (result.kind === 'started') this.started.set(scope, result.record);
    return result;
  }

  async complete(scope: string, outcome: StoredOutcome, record?: IdempotencyRecord): Promise<void> {
    const intent = record ?? this.started.get(scope);
    this.started.delete(scope);
    const write = (): Promise<void> => this.inner.complete(scope, outcome, intent);
    await this.call(write, () =>
      this.defer(scope, 'outcome', write, intent ? { ...intent, outcome } : undefined),
    ).catch((err: unknown) => {
      if (!isStoreUnavailable(err)) throw err;
    });
  }

  async release(scope: string, token?: string): Promise<void> {
    this.started.delete(scope);
    const write = (): Promise<void> => this.inner.release(scope, token);
    await this.call(write, () => this.defer(scope, 'release', write, undefined)).catch((err: unknown) => {
      if (!isStoreUnavailable(err)) throw err;
    });
  }

  async get(scope: string, now: number): Promise<IdempotencyRecord | undefined> {
    const pending = this.pending.get(scope);
    if (pending?.kind === 'outcome' && pending.record)
      return pending.record.expiresAt > now ? pending.record : undefined;
    return this.call(() => this.inner.get(scope, now));
  }

  async close(): Promise<void> {
    this.closed = true;
    const left = [...this.pending];
    for (const [, entry] of left) if (entry.timer) clearTimeout(entry.timer);
    await Promise.all(left.map(([scope, entry]) => this.attempt(scope, entry)));
    for (const [scope, entry] of this.pending) this.lost(scope, entry.kind, 'the gateway stopped');
    this.pending.clear();
    await this.inner.close();
  }

  /** One call to the store, tracking whether it is available; `onUnavailable` runs before it rethrows. */
  private async call<T>(
    fn: () => Promise<T>,
    onUnavailable?: (err: IdempotencyStoreUnavailableError) => void,
  ): Promise<T> {
    try {
      const result = await fn();
      this.available = true;
      return result;
    } catch (err) {
      if (isStoreUnavailable(err)) {
        this.available = false;
        onUnavailable?.(err);
      }
      throw err;
    }
  }

  private defer(
    scope: string,
    kind: PendingKind,
    write: () => Promise<void>,
    record: IdempotencyRecord | undefined,
  ): void {
    if (this.closed) {
      this.lost(scope, kind, 'the gateway is stopping');
      return;
    }
    const existing = this.pending.get(scope);
    if (existing?.timer) clearTimeout(existing.timer);
    if (!existing && this.pending.size >= this.maxPending) {
      this.lost(scope, kind, `${this.maxPending} writes already waiting`);
      return;
    }
    const entry: PendingWrite = {
      kind,
      write,
      since: this.now(),
      delayMs: this.firstDelayMs,
      timer: undefined,
      record,
    };
    this.pending.set(scope, entry);
    this.options.logger?.warn(
      { idempotency: { scope, write: kind } },
      `idempotency store unavailable: the ${kind} of this key will be written when it answers again`,
    );
    this.arm(scope, entry);
  }

  private arm(scope: string, entry: PendingWrite): void {
    const delay = entry.delayMs * (0.8 + Math.random() * 0.4);
    entry.timer = setTimeout(() => void this.retry(scope, entry), delay);
    entry.timer.unref();
  }

  private async retry(scope: string, entry: PendingWrite): Promise<void> {
    entry.timer = undefined;
    if (this.closed || this.pending.get(scope) !== entry) return;
    if (await this.attempt(scope, entry)) return;
    if (this.closed || this.pending.get(scope) !== entry) return;
    if (this.now() - entry.since >= this.maxAgeMs) {
      this.pending.delete(scope);
      this.lost(scope, entry.kind, `not written within ${Math.round(this.maxAgeMs / 1000)} s`);
      return;
    }
    entry.delayMs = Math.min(entry.delayMs * 2, this.maxDelayMs);
    this.arm(scope, entry);
  }

  /** One try of a pending write; true (and forgotten) when the store took it. */
  private async attempt(scope: string, entry: PendingWrite): Promise<boolean> {
    try {
      await this.call(entry.write);
    } catch {
      return false;
    }
    if (this.pending.get(scope) === entry) {
      this.pending.delete(scope);
      if (entry.timer) clearTimeout(entry.timer);
      this.options.logger?.info(
        { idempotency: { scope, write: entry.kind, delayMs: this.now() - entry.since } },
        `idempotency store: the deferred ${entry.kind} of this key is written`,
      );
    }
    return true;
  }

  private lost(scope: string, kind: PendingKind, why: string): void {
    this.options.logger?.error(
      { idempotency: { scope, write: kind } },
      kind === 'outcome'
        ? `idempotency store: the outcome of this key could not be written (${why}); a replay answers OUTCOME_UNKNOWN and sends nothing`
        : `idempotency store: the ${kind} of this key could not be written (${why}); a retry with this key answers OUTCOME_UNKNOWN and sends nothing`,
    );
    try {
      this.options.onLost?.();
    } catch {
      // metrics hook
    }
  }
}
