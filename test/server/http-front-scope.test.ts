/**
 * The HTTP front runs a request inside the implicit request scope only when the persisted-query store needs it
 * (it is scoped per API key): with `scopedPersistedQueries: false` (trusted documents), never.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import pino from 'pino';
import { createHttpFront } from '../../src/http/server';
import type { GatewayContext } from '../../src/resolvers/context';
import { currentScope } from '../../src/tenant/scope';

/** Stands in for Apollo: answers whether the request ran inside a scope, and whose. */
const apollo = {
  executeHTTPGraphQLRequest: async () => ({
    status: 200,
    headers: new HeaderMap([['content-type', 'application/json']]),
    body: { kind: 'complete', string: JSON.stringify({ tenant: currentScope()?.tenant ?? null }) },
  }),
} as unknown as ApolloServer<GatewayContext>;

async function tenantSeen(scopedPersistedQueries: boolean | undefined): Promise<unknown> {
  const server: Server = createHttpFront({
    apollo,
    context: async () => ({}) as GatewayContext,
    logger: pino({ level: 'silent' }),
    apiKeyOf: () => 'demo-key',
    ...(scopedPersistedQueries === undefined ? {} : { scopedPersistedQueries }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } }),
    });
    return ((await res.json()) as { tenant: unknown }).tenant;
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

it('a request by id runs in the scope of its tenant (a tenant-scoped store), by default', async () => {
  expect(await tenantSeen(undefined)).toEqual(expect.any(String));
  expect(await tenantSeen(true)).toEqual(expect.any(String));
});

it('and without one where the store is not scoped (trusted documents)', async () => {
  expect(await tenantSeen(false)).toBeNull();
});
