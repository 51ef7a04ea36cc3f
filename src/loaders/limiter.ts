/**
 * Caps the upstream calls one GraphQL request has in flight. `orgs(ids: [...100 orgs])` fans out to many
 * calls at once; this keeps a single request from opening hundreds of upstream connections.
 */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** The same object, with every method call run through the limiter. */
export function limitCalls<T extends object>(target: T, limiter: ConcurrencyLimiter): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        limiter.run(() => (value as (...a: unknown[]) => Promise<unknown>).apply(obj, args));
    },
  });
}
