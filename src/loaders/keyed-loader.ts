import DataLoader from 'dataloader';

/**
 * A per-request DataLoader for an endpoint that answers one resource per call. It cannot batch (the
 * upstream takes no list of ids), but it dedups: however many paths of one query reach a resource, it is
 * fetched once, and all such fetches in one tick start together. One key's failure fails only that key.
 */
export function perKeyLoader<K extends object, V>(
  fetchOne: (key: K) => Promise<V>,
  mode: LoaderMode = 'per-request',
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(async (keys) => {
    const settled = await Promise.allSettled(keys.map(fetchOne));
    return settled.map((s) => (s.status === 'fulfilled' ? s.value : toError(s.reason)));
  }, dataLoaderOptions(mode));
}

/**
 * 'per-request': dedup and batch within a request (the gateway). 'naive': no cache, no batching, every
 * resolver call is its own upstream call: only for measuring what the loaders save (bench/).
 */
export type LoaderMode = 'per-request' | 'naive';

export function dataLoaderOptions<K extends object, V>(
  mode: LoaderMode,
  maxBatchSize?: number,
): DataLoader.Options<K, V, string> {
  return mode === 'naive'
    ? { cache: false, maxBatchSize: 1 }
    : { cacheKeyFn: stableKey, ...(maxBatchSize ? { maxBatchSize } : {}) };
}

/** perKeyLoader bound to a mode, for the loader factories. */
export function perKeyLoaderFor(mode: LoaderMode) {
  return <K extends object, V>(fetchOne: (key: K) => Promise<V>): DataLoader<K, V, string> =>
    perKeyLoader<K, V>(fetchOne, mode);
}

/** Cache key of a plain object of primitives, arrays and objects, independent of property order at any depth. */
export function stableKey(key: object): string {
  return JSON.stringify(key, (_name, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
