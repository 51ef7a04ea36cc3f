/**
 * From a subscription's source (the values a poller pushes) to the results sent to the client, with the
 * source's own return() reachable at any time. An async generator would not do: while it awaits the next
 * value, return() waits for that value, so a client leaving a stable plan's subscription (or a socket
 * closing) would hang until the plan changes. Like graphql-js's own mapping, but each event runs with a
 * context of its own, a source failure becomes the last result, and a lifetime ends it.
 */
import type { ExecutionResult } from 'graphql';

export interface EventMapping {
  /** The result of event `n` (0 is the value at subscribe time). */
  run(payload: unknown, n: number): Promise<ExecutionResult>;
  /** The last result when the source fails for good (the plan is gone, the key may not see it). */
  failed(error: unknown): ExecutionResult;
  /** The subscription completes after this long (the client may subscribe again if it still cares). */
  lifetimeMs: number;
}

export function eventResults(
  source: AsyncIterable<unknown>,
  mapping: EventMapping,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let n = 0;
  let finished = false;
  const finish = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    clearTimeout(lifetime);
    await iterator.return?.();
  };
  const done = (): IteratorResult<ExecutionResult> => ({ value: undefined, done: true });
  const results: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (finished) return done();
      let next: IteratorResult<unknown>;
      try {
        next = await iterator.next();
      } catch (err) {
        await finish();
        return { value: mapping.failed(err), done: false };
      }
      if (next.done || finished) {
        await finish();
        return done();
      }
      return { value: await mapping.run(next.value, n++), done: false };
    },
    async return() {
      await finish();
      return done();
    },
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return results;
    },
  };
  const lifetime = setTimeout(() => void results.return!(), mapping.lifetimeMs);
  lifetime.unref();
  return results;
}
