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
  return new DataLoader<K, V, string>((keys) => {
    // One key (the usual batch of a per-key loader): its own promise, without allSettled's.
    if (keys.length === 1)
      return fetchOne(keys[0]!).then(
        (v) => [v],
        (e: unknown) => [toError(e)],
      );
    return Promise.allSettled(keys.map(fetchOne)).then((settled) =>
      settled.map((s) => (s.status === 'fulfilled' ? s.value : toError(s.reason))),
    );
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
  return flatKey(key) ?? sortedJson(key);
}

/** Names in code-unit order (as the sort of sortedJson). */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Property names as JSON (loader keys have a handful of names, all ours). */
const quotedNames = new Map<string, string>();

/**
 * The common key, an object of strings, numbers, booleans, null and undefined (ids, page numbers), in one
 * pass: the same text as sortedJson (undefined properties left out), without its replacer and copies.
 * Undefined when the key holds anything else (or a name JSON would order as an integer).
 */
function flatKey(key: object): string | undefined {
  const names = Object.keys(key);
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1]! > names[i]!) {
      names.sort(byName);
      break;
    }
  }
  let out = '';
  for (const name of names) {
    const value = (key as Record<string, unknown>)[name];
    if (value === undefined) continue;
    let text: string;
    if (typeof value === 'string') text = JSON.stringify(value);
    else if (typeof value === 'number') text = Number.isFinite(value) ? String(value) : 'null';
    else if (typeof value === 'boolean' || value === null) text = String(value);
    else return undefined;
    let quoted = quotedNames.get(name);
    if (quoted === undefined) {
      const first = name.charCodeAt(0);
      if (first >= 48 && first <= 57) return undefined;
      quoted = JSON.stringify(name);
      quotedNames.set(name, quoted);
    }
    out += out === '' ? `${quoted}:${text}` : `,${quoted}:${text}`;
  }
  return `{${out}}`;
}

function sortedJson(key: object): string {
  return JSON.stringify(key, (_name, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => byName(a, b)))
      : value,
  );
}

/** A rejection reason as an Error (DataLoader results hold Errors, not other thrown values). */
export function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
