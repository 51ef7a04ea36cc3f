/**
 * An Apollo Client 4 for the gateway: the kit's cache, the period transform, persisted queries whose ids are
 * the SHA-256 of the printed document (the id `@apollo/generate-persisted-query-manifest` gives it in
 * clients/persisted-query-manifest.json), and subscriptions over WebSocket (graphql-ws) on the same path.
 * Against a gateway with GRAPHQL_TRUSTED_DOCUMENTS the manifest's queries and mutations go by id alone;
 * against one without, an unknown id is answered PERSISTED_QUERY_NOT_FOUND and the client sends the text once
 * (automatic persisted queries). Subscriptions go as their text, which the manifest lists too.
 */
import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { generatePersistedQueryIdsAtRuntime } from '@apollo/persisted-query-lists';
import { OperationTypeNode } from 'graphql';
import { createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { createCache } from './cache';
import { periodDetailsTransform } from './period-details';

export interface ArcheraSubscriptionOptions {
  /**
   * The WebSocket URL (default: `uri` resolved against the page's address, http -> ws, https -> wss; the
   * gateway serves graphql-ws on its GraphQL path).
   */
  url?: string;
}

export interface ArcheraClientOptions {
  /** The gateway's GraphQL endpoint (default `/graphql`, the page's own origin). */
  uri?: string;
  /**
   * Sent as `x-api-key` over HTTP and in the WebSocket's `connection_init` (leave it out where the gateway has a
   * server key, or a proxy adds it).
   */
  apiKey?: string;
  /** Send queries and mutations by id first (default true). */
  persistedQueries?: boolean;
  /**
   * Subscriptions over WebSocket (graphql-ws), connected at the first subscription and closed after the last
   * (default on). `false`: no WebSocket; every operation goes over HTTP, where the gateway refuses
   * subscriptions. Outside browsers, subscribing needs a global `WebSocket` (Node 22+; on Node 20 assign one,
   * e.g. the `ws` package's: Apollo's GraphQLWsLink reads the global too).
   */
  subscriptions?: boolean | ArcheraSubscriptionOptions;
  /** Another fetch (tests, server-side rendering). */
  fetch?: typeof fetch;
  /** Extra HTTP headers (not sent over WebSocket: a browser cannot set headers on one). */
  headers?: Record<string, string>;
}

/** Hex SHA-256 with Web Crypto (browsers, Node 20+). */
export async function sha256(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The WebSocket URL of a GraphQL endpoint: resolved against the page (if any), http(s) -> ws(s). */
export function webSocketUrl(uri: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const url = new URL(uri, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  return url.href;
}

export function createArcheraLink(options: ArcheraClientOptions = {}): ApolloLink {
  const uri = options.uri ?? '/graphql';
  const http = new HttpLink({
    uri,
    headers: { ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}), ...options.headers },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const overHttp =
    options.persistedQueries === false
      ? http
      : new PersistedQueryLink(generatePersistedQueryIdsAtRuntime({ sha256 })).concat(http);
  if (options.subscriptions === false) return overHttp;
  const { url } = options.subscriptions === true ? {} : (options.subscriptions ?? {});
  // Made at the first subscription, so a client that never subscribes needs no WebSocket (Node 20 has none).
  let ws: GraphQLWsLink | undefined;
  const subscriptions = new ApolloLink((operation) => {
    try {
      ws ??= new GraphQLWsLink(
        createClient({
          url: url ?? webSocketUrl(uri),
          connectionParams: options.apiKey ? { 'x-api-key': options.apiKey } : undefined,
          // Connects at the first subscription and closes after the last (graphql-ws's default, said here).
          lazy: true,
        }),
      );
    } catch (err) {
      return new Observable<ApolloLink.Result>((observer) => observer.error(err));
    }
    return ws.request(operation);
  });
  // Subscriptions go as their text, not by id: graphql-ws has no "id not found, send the text" round trip,
  // so an id alone would fail on a gateway without the manifest. A gateway with it admits the listed text.
  return ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    subscriptions,
    overHttp,
  );
}

export function createArcheraClient(options: ArcheraClientOptions = {}): ApolloClient {
  return new ApolloClient({
    cache: createCache(),
    link: createArcheraLink(options),
    documentTransform: periodDetailsTransform,
  });
}
