/**
 * What the HTTP front knows about the request being answered, carried through its async work: the request
 * id (logged with masked errors and returned to the caller) and the tenant (the API key's fingerprint),
 * which scopes what Apollo calls without a context, such as persisted queries and the cost budget.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface RequestScope {
  requestId: string;
  /** keyFingerprint of the request's API key; undefined when it has none. */
  tenant: string | undefined;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** The scope of the request whose work is running, if any. */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The caller's x-request-id when it is a safe token (it travels upstream, into logs and back to the
 * caller), else a new one. One that holds the API key is never used.
 */
export function requestIdOf(req: IncomingMessage, apiKey?: string): string {
  const incoming = req.headers['x-request-id'];
  if (typeof incoming !== 'string' || !REQUEST_ID.test(incoming)) return randomUUID();
  if (apiKey && (incoming === apiKey || (apiKey.length >= 6 && incoming.includes(apiKey))))
    return randomUUID();
  return incoming;
}
