import DataLoader from 'dataloader';

/**
 * A per-request DataLoader for an endpoint that answers one resource per call. It cannot batch (the
 * upstream takes no list of ids), but it dedups: however many paths of one query reach a resource, it is
 * fetched once, and all such fetches in one tick start together. One key's failure fails only that key.
 */
export function perKeyLoader<K extends object, V>(
  fetchOne: (key: K) => Promise<V>,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const settled = await Promise.allSettled(keys.map(fetchOne));
      return settled.map((s) => (s.status === 'fulfilled' ? s.value : toError(s.reason)));
    },
    { cacheKeyFn: stableKey },
  );
}

/** Cache key of a plain object of primitives / arrays, independent of property order. */
export function stableKey(key: object): string {
  return JSON.stringify(key, Object.keys(key).sort());
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
