/**
 * A push-to-pull queue: what a poller pushes, a subscription reads as an async iterator (graphql-js's
 * subscribe wants one). Ends on return() (the client unsubscribed), on end() or with fail(error).
 */
export interface Channel<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  fail(error: Error): void;
  end(): void;
}

/** A channel whose return() (the subscriber leaving) calls `onLeave` once. */
export function channel<T>(onLeave: () => void): Channel<T> {
  const queue: T[] = [];
  const waiting: Array<{ resolve: (r: IteratorResult<T>) => void; reject: (e: Error) => void }> = [];
  let done = false;
  let failure: Error | undefined;
  let left = false;

  const leave = (): void => {
    if (left) return;
    left = true;
    onLeave();
  };
  const finish = (): void => {
    done = true;
    const waiters = waiting.splice(0);
    // A failure is reported once (to the reader waiting, else to the next read), then the iterator is done.
    if (failure && waiters.length > 0) {
      waiters.shift()!.reject(failure);
      failure = undefined;
    }
    for (const w of waiters) w.resolve({ value: undefined, done: true });
    leave();
  };

  const it: Channel<T> = {
    push(value) {
      if (done) return;
      const w = waiting.shift();
      if (w) w.resolve({ value, done: false });
      else queue.push(value);
    },
    fail(error) {
      if (done) return;
      failure = error;
      finish();
    },
    end() {
      if (!done) finish();
    },
    next() {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (done) {
        if (failure) {
          const error = failure;
          failure = undefined; // reported once, then the iterator is simply done
          return Promise.reject(error);
        }
        return Promise.resolve({ value: undefined, done: true });
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      queue.length = 0;
      if (!done) finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error: unknown) {
      it.fail(error instanceof Error ? error : new Error(String(error)));
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
