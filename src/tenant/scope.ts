/**
 * What the HTTP front knows about the request being answered: the request id (logged with masked errors and
 * returned to the caller) and the tenant (the API key's fingerprint). Worked out once per request by the
 * front and handed on explicitly: the GraphQL context carries it to the budget, the loaders and formatError.
 *
 * Only what Apollo calls without a context needs it implicitly: its persisted-query store, which is scoped per
 * tenant. For a request that may use that store (one with `extensions`, or any GET with a query string) the
 * front runs the request inside an AsyncLocalStorage scope, and `currentScope()` finds it there. Every other
 * request runs without one: on Node 20 an active AsyncLocalStorage installs promise hooks that every promise
 * of the process pays for, so the storage is switched off again whenever no scoped request is in flight.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { MIN_SCRUBBED_SECRET_LENGTH } from './secrets';

export interface RequestScope {
  requestId: string;
  /** keyFingerprint of the request's API key; undefined when it has none. */
  tenant: string | undefined;
}

const storage = new AsyncLocalStorage<RequestScope>();
/** Scoped requests in flight: the storage is on while this is above 0. */
let scoped = 0;

/** The scope of the request whose work is running, inside runInScope (else undefined). */
export function currentScope(): RequestScope | undefined {
  return scoped === 0 ? undefined : storage.getStore();
}

/**
 * Runs `fn` (a request's asynchronous work) in `scope`. When the last scoped request in flight finishes, the
 * storage is switched off, and with it (on Node 20, when nothing else uses AsyncLocalStorage) the promise
 * hooks it needed.
 */
export async function runInScope<T>(scope: RequestScope, fn: () => Promise<T>): Promise<T> {
  scoped++;
  try {
    return await storage.run(scope, fn);
  } finally {
    if (--scoped === 0) storage.disable();
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's x-request-id when it is a safe token (it travels upstream, into logs and back to the
 * caller), else a new one. One that holds the API key is never used.
 */
export function requestIdOf(req: IncomingMessage, apiKey?: string): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming !== 'string' || !REQUEST_ID.test(incoming)) return randomUUID();
  if (
    apiKey &&
    (incoming === apiKey || (apiKey.length >= MIN_SCRUBBED_SECRET_LENGTH && incoming.includes(apiKey)))
  )
    return randomUUID();
  return incoming;
}
