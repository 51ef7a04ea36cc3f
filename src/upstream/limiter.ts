/**
 * Caps on upstream calls in flight, with a bounded FIFO queue. One ConcurrencyLimiter is one lane: the
 * loaders give each GraphQL request one (its fan-out, e.g. `orgs(ids:)` over many child orgs, cannot open
 * hundreds of upstream connections); the transport keeps one per API key (KeyLimiter: one tenant's burst
 * cannot take every upstream connection). A call that finds the queue full, or is not admitted before its
 * deadline, is refused without being sent. Keys are held as fingerprints, never raw.
 */
export interface LaneOptions {
  /** Calls in flight at once. */
  maxInFlight: number;
  /** Calls waiting for a slot; beyond this they are refused at once. Default: unbounded. */
  maxQueued?: number;
}

export type AcquireResult =
  | { kind: 'admitted'; release: () => void }
  | { kind: 'queue-full' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

function checkLane(options: LaneOptions): void {
  if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1) {
    throw new RangeError('maxInFlight must be a positive integer');
  }
}

export class ConcurrencyLimiter {
  private active = 0;
  private readonly queue: Array<() => void> = [];
  private readonly maxQueued: number;

  constructor(
    private readonly options: LaneOptions,
    /** Called when the last call leaves (nothing in flight or waiting). */
    private readonly onIdle?: () => void,
  ) {
    checkLane(options);
    this.maxQueued = options.maxQueued ?? Number.POSITIVE_INFINITY;
  }

  /** Calls in flight. */
  get inFlight(): number {
    return this.active;
  }

  get idle(): boolean {
    return this.active === 0 && this.queue.length === 0;
  }

  /** A slot, or why none: the queue is full, `waitMs` passed, or `signal` aborted. */
  acquire(waitMs = Number.POSITIVE_INFINITY, signal?: AbortSignal): Promise<AcquireResult> {
    if (this.active < this.options.maxInFlight) {
      this.active += 1;
      return Promise.resolve({ kind: 'admitted', release: this.releaser() });
    }
    if (this.queue.length >= this.maxQueued) return Promise.resolve({ kind: 'queue-full' });
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise<AcquireResult>((resolve) => {
      const admit = (): void => {
        cleanup();
        // The slot is handed over by the releaser: `active` was not decremented.
        resolve({ kind: 'admitted', release: this.releaser() });
      };
      const leave = (result: AcquireResult): void => {
        cleanup();
        const i = this.queue.indexOf(admit);
        if (i !== -1) this.queue.splice(i, 1);
        if (this.idle) this.onIdle?.();
        resolve(result);
      };
      const timer = Number.isFinite(waitMs)
        ? setTimeout(() => leave({ kind: 'timeout' }), Math.max(0, waitMs))
        : undefined;
      const onAbort = (): void => leave({ kind: 'aborted' });
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.queue.push(admit);
    });
  }

  /** Runs `task` in a slot, waiting as long as it takes (the per-request lane has no deadline of its own). */
  run<T>(task: () => Promise<T>): Promise<T> {
    // A free slot (the usual case): the task starts now, without waiting a turn for the slot.
    if (this.active < this.options.maxInFlight) {
      this.active += 1;
      return runReleasing(task, this.releaser());
    }
    return this.acquire().then((slot) => {
      if (slot.kind !== 'admitted') throw new Error(`no slot: ${slot.kind}`);
      return runReleasing(task, slot.release);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) {
        next();
        return;
      }
      this.active -= 1;
      if (this.idle) this.onIdle?.();
    };
  }
}

/** `task()`, with `release` called once it settles (or throws). */
function runReleasing<T>(task: () => Promise<T>, release: () => void): Promise<T> {
  let running: Promise<T>;
  try {
    running = task();
  } catch (err) {
    release();
    return Promise.reject(err as Error);
  }
  return running.finally(release);
}

/**
 * Every call of a client through one lane (the per-request cap of the loaders): a client middleware, typed
 * by its shape so the limiter, which the transport uses too, needs nothing from the client.
 */
export function limitCalls<Call, Answer>(
  limiter: ConcurrencyLimiter,
): (call: Call, next: (call: Call) => Promise<Answer>) => Promise<Answer> {
  return (call, next) => limiter.run(() => next(call));
}

export type KeyLimiterOptions = Required<LaneOptions>;

export const DEFAULT_KEY_LIMITER_OPTIONS: Readonly<KeyLimiterOptions> = Object.freeze({
  maxInFlight: 32,
  maxQueued: 512,
});

/** A lane per API key fingerprint; idle lanes are dropped, so the map stays bounded by busy keys. */
export class KeyLimiter {
  private readonly lanes = new Map<string, ConcurrencyLimiter>();

  constructor(private readonly options: KeyLimiterOptions) {
    checkLane(options);
  }

  /** Calls of this key in flight (for tests and metrics). */
  inFlight(fingerprint: string): number {
    return this.lanes.get(fingerprint)?.inFlight ?? 0;
  }

  /** Keys with calls in flight or waiting. */
  size(): number {
    return this.lanes.size;
  }

  acquire(fingerprint: string, waitMs: number, signal?: AbortSignal): Promise<AcquireResult> {
    let lane = this.lanes.get(fingerprint);
    if (!lane) {
      const created: ConcurrencyLimiter = new ConcurrencyLimiter(this.options, () => {
        if (this.lanes.get(fingerprint) === created) this.lanes.delete(fingerprint);
      });
      lane = created;
      this.lanes.set(fingerprint, lane);
    }
    return lane.acquire(waitMs, signal);
  }
}
