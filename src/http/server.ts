/**
 * A lean node:http front for Apollo Server (its documented integration API, executeHTTPGraphQLRequest):
 * no framework on the hot path. Routes: /graphql, /healthz and the extra ones given. Bodies are
 * size-limited and malformed JSON is a clear 400, never a stack trace. Every request gets its scope (request
 * id, tenant fingerprint: the key is hashed once per request, here) which goes to the GraphQL context; only a
 * request that may reach a tenant-scoped persisted-query store runs inside it implicitly (tenant/scope.ts).
 * Every answer carries x-request-id. GraphQL answers are `Cache-Control: private, no-store` (each is for one
 * API key) and never contain the caller's key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from '../resolvers/context';
import { keyFingerprint } from '../tenant/fingerprint';
import { requestIdOf, runInScope, type RequestScope } from '../tenant/scope';
import { scrubForms, secretForms } from '../tenant/secrets';

export interface HttpFrontOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Builds the per-request context from the request and its scope (throws a GraphQLError to refuse it). */
  context: (req: IncomingMessage, scope: RequestScope) => Promise<GatewayContext>;
  logger: Logger;
  maxBodyBytes?: number;
  /** Extra routes (e.g. /readyz, /metrics), answered before /graphql. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;
  /**
   * The API key a request will use (its x-api-key, else the server's): its fingerprint scopes the request
   * (caches, budget), and the key itself is scrubbed from anything answered.
   */
  apiKeyOf?: (req: IncomingMessage) => string | undefined;
  /**
   * Apollo's persisted-query store finds the tenant in the implicit request scope (server/persisted-queries.ts),
   * so requests that may use it run inside one. False when the store is not scoped (trusted documents: the
   * manifest), and no request needs the scope. Default true.
   */
  scopedPersistedQueries?: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, err: HttpError, requestId?: string): void {
  sendJson(res, err.status, {
    errors: [{ message: err.message, extensions: { code: err.code, ...(requestId ? { requestId } : {}) } }],
  });
}

/** The body as text: events rather than an async iterator (one promise per request, not one per chunk). */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit)
    return Promise.reject(
      new HttpError(413, `Request body is larger than ${limit} bytes.`, 'PAYLOAD_TOO_LARGE'),
    );
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // As the iterator did when its loop was left: the rest of the body is not read.
        req.destroy();
        reject(new HttpError(413, `Request body is larger than ${limit} bytes.`, 'PAYLOAD_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(
        chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'),
      );
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onClose = (): void => {
      // Closed before the end (the client went away): nothing to answer.
      if (!req.complete) onError(new Error('aborted'));
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (!contentType?.toLowerCase().includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch (err) {
    // The position only: JSON.parse's own message quotes the body, which may hold anything.
    const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new HttpError(
      400,
      `Malformed JSON in the request body${at ? ` (at position ${at})` : ''}: send a JSON object such as {"query": "{ __typename }"}.`,
      'BAD_REQUEST',
    );
  }
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  const source = req.headers;
  for (const name in source) {
    const value = source[name];
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/**
 * Whether Apollo may consult its persisted-query store for this request (which it does without a context,
 * so the store finds the tenant in the implicit scope): a body with `extensions` (or a batch), or a GET with
 * a query string (its `extensions` parameter).
 */
function mayUsePersistedQueries(method: string | undefined, search: string, body: unknown): boolean {
  if (method !== 'POST') return search !== '';
  return typeof body === 'object' && body !== null && (Array.isArray(body) || 'extensions' in body);
}

export function createHttpFront(options: HttpFrontOptions): Server {
  const { apollo, context, logger, routes = {}, apiKeyOf, scopedPersistedQueries = true } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const handleGraphQL = async (
    req: IncomingMessage,
    res: ServerResponse,
    search: string,
    scope: RequestScope,
    secrets: readonly string[],
  ): Promise<void> => {
    const body =
      req.method === 'POST'
        ? parseBody(await readBody(req, maxBodyBytes), req.headers['content-type'])
        : undefined;
    const execute = () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search, body },
        context: () => context(req, scope),
      });
    const response =
      scopedPersistedQueries && mayUsePersistedQueries(req.method, search, body)
        ? await runInScope(scope, execute)
        : await execute();
    for (const [name, value] of response.headers) res.setHeader(name, value);
    // One API key's answer: no shared cache may store it, whatever a plugin or the upstream said.
    res.setHeader('cache-control', 'private, no-store');
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const text = scrubForms(response.body.string, secrets);
      res.setHeader('content-length', Buffer.byteLength(text));
      res.end(text);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(scrubForms(chunk, secrets));
    res.end();
  };

  return createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const search = q === -1 ? '' : url.slice(q);
    const route = routes[pathname];
    let apiKey: string | undefined;
    try {
      apiKey = apiKeyOf?.(req);
    } catch {
      apiKey = undefined;
    }
    const scope: RequestScope = {
      requestId: requestIdOf(req, apiKey),
      tenant: apiKey === undefined ? undefined : keyFingerprint(apiKey),
    };
    res.setHeader('x-request-id', scope.requestId);
    let work: Promise<void>;
    try {
      work =
        pathname === '/graphql'
          ? handleGraphQL(req, res, search, scope, secretForms(apiKey))
          : route
            ? Promise.resolve(route(req, res))
            : Promise.reject(
                new HttpError(404, `No route ${pathname}. The GraphQL endpoint is /graphql.`, 'NOT_FOUND'),
              );
    } catch (err) {
      work = Promise.reject(err);
    }
    work.catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        sendError(res, err);
        return;
      }
      logger.error({ err, requestId: scope.requestId }, 'unhandled error in the HTTP front');
      sendError(
        res,
        new HttpError(500, `Internal server error (request id ${scope.requestId}).`, 'INTERNAL_SERVER_ERROR'),
        scope.requestId,
      );
    });
  });
}

export { sendJson };
