/**
 * An Apollo Client 4 for the gateway: the kit's cache, the period transform, and persisted queries whose ids are
 * the SHA-256 of the printed document (the id `@apollo/generate-persisted-query-manifest` gives it in
 * clients/persisted-query-manifest.json). Against a gateway with GRAPHQL_TRUSTED_DOCUMENTS the manifest's
 * operations go by id alone; against one without, an unknown id is answered PERSISTED_QUERY_NOT_FOUND and the
 * client sends the text once (automatic persisted queries).
 */
import { ApolloClient, HttpLink, type ApolloLink } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generatePersistedQueryIdsAtRuntime } from '@apollo/persisted-query-lists';
import { createCache } from './cache';
import { periodDetailsTransform } from './period-details';

export interface ArcheraClientOptions {
  /** The gateway's GraphQL endpoint (default `/graphql`, the page's own origin). */
  uri?: string;
  /** Sent as `x-api-key` (leave it out where the gateway has a server key, or a proxy adds it). */
  apiKey?: string;
  /** Send operations by id first (default true). */
  persistedQueries?: boolean;
  /** Another fetch (tests, server-side rendering). */
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/** Hex SHA-256 with Web Crypto (browsers, Node 20+). */
export async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createArcheraLink(options: ArcheraClientOptions = {}): ApolloLink {
  const http = new HttpLink({
    uri: options.uri ?? '/graphql',
    headers: { ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}), ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.persistedQueries === false) return http;
  return new PersistedQueryLink(generatePersistedQueryIdsAtRuntime({ sha256 })).concat(http);
}

export function createArcheraClient(options: ArcheraClientOptions = {}): ApolloClient {
  return new ApolloClient({
    cache: createCache(),
    link: createArcheraLink(options),
    documentTransform: periodDetailsTransform,
  });
}
