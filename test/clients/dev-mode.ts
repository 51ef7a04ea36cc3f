/**
 * Imported first by the Apollo Client tests: Apollo Client 4 runs in production mode, silent, unless
 * `globalThis.__DEV__` is true when it loads. In dev mode it warns about cache data it would lose and fields
 * missing from a result, which is what these tests check never happens.
 */
(globalThis as { __DEV__?: boolean }).__DEV__ = true;
