/**
 * Caps the upstream calls in flight per API key, across all GraphQL requests of that key: one tenant's
 * burst cannot take every upstream connection. Calls over the cap wait in a bounded FIFO queue; a call
 * that finds the queue full, or is not admitted before its deadline, fails without being sent.
 * Keys are held as fingerprints, never raw.
 */

export interface KeyLimiterOptions {
  /** Upstream calls of one key in flight at once. */
  maxInFlight: number;
  /** Calls of one key waiting for a slot; beyond this they are refused at once. */
  maxQueued: number;
}

export const DEFAULT_KEY_LIMITER_OPTIONS: Readonly<KeyLimiterOptions> = Object.freeze({
  maxInFlight: 32,
  maxQueued: 512,
});

interface Waiter {
  admit: () => void;
}

interface Lane {
  active: number;
  queue: Waiter[];
}

export type AcquireResult =
  | { kind: 'admitted'; release: () => void }
  | { kind: 'queue-full' }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

export class KeyLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly options: KeyLimiterOptions) {
    if (!Number.isInteger(options.maxInFlight) || options.maxInFlight < 1) {
      throw new RangeError('maxInFlight must be a positive integer');
    }
  }

  /** Calls of this key in flight (for tests and metrics). */
  inFlight(fingerprint: string): number {
    return this.lanes.get(fingerprint)?.active ?? 0;
  }

  /** Keys with calls in flight or waiting (a bounded map: idle keys are dropped). */
  size(): number {
    return this.lanes.size;
  }

  async acquire(fingerprint: string, waitMs: number, signal?: AbortSignal): Promise<AcquireResult> {
    let lane = this.lanes.get(fingerprint);
    if (!lane) {
      lane = { active: 0, queue: [] };
      this.lanes.set(fingerprint, lane);
    }
    if (lane.active < this.options.maxInFlight) {
      lane.active += 1;
      return { kind: 'admitted', release: this.releaser(fingerprint, lane) };
    }
    if (lane.queue.length >= this.options.maxQueued) return { kind: 'queue-full' };
    if (signal?.aborted) return { kind: 'aborted' };
    const current = lane;
    return new Promise<AcquireResult>((resolve) => {
      const waiter: Waiter = {
        admit: () => {
          cleanup();
          // The slot is handed over by the releaser: `active` was not decremented.
          resolve({ kind: 'admitted', release: this.releaser(fingerprint, current) });
        },
      };
      const leave = (result: AcquireResult): void => {
        cleanup();
        const i = current.queue.indexOf(waiter);
        if (i !== -1) current.queue.splice(i, 1);
        this.dropIfIdle(fingerprint, current);
        resolve(result);
      };
      const timer = setTimeout(() => leave({ kind: 'timeout' }), Math.max(0, waitMs));
      const onAbort = (): void => leave({ kind: 'aborted' });
      signal?.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      current.queue.push(waiter);
    });
  }

  private releaser(fingerprint: string, lane: Lane): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = lane.queue.shift();
      if (next) {
        next.admit();
        return;
      }
      lane.active -= 1;
      this.dropIfIdle(fingerprint, lane);
    };
  }

  private dropIfIdle(fingerprint: string, lane: Lane): void {
    if (lane.active === 0 && lane.queue.length === 0 && this.lanes.get(fingerprint) === lane) {
      this.lanes.delete(fingerprint);
    }
  }
}
