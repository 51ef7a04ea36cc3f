/**
 * A lean node:http front for Apollo Server (its documented integration API, executeHTTPGraphQLRequest):
 * no framework on the hot path. Routes: /graphql, /healthz. Bodies are size-limited and malformed JSON is
 * a clear 400, never a stack trace.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { GatewayContext } from '../graphql/context';

export interface HttpFrontOptions {
  apollo: ApolloServer<GatewayContext>;
  /** Builds the per-request context (throws a GraphQLError to refuse the request). */
  context: (req: IncomingMessage) => Promise<GatewayContext>;
  logger: Logger;
  maxBodyBytes?: number;
  /** Extra routes (e.g. /readyz, /metrics), answered before /graphql. */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>>;
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

function sendError(res: ServerResponse, err: HttpError): void {
  sendJson(res, err.status, { errors: [{ message: err.message, extensions: { code: err.code } }] });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit)
    throw new HttpError(413, `Request body is larger than ${limit} bytes.`, 'PAYLOAD_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new HttpError(413, `Request body is larger than ${limit} bytes.`, 'PAYLOAD_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (!contentType?.toLowerCase().includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Malformed JSON in the request body.', 'BAD_REQUEST');
  }
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

export function createHttpFront(options: HttpFrontOptions): Server {
  const { apollo, context, logger, routes = {} } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const handleGraphQL = async (req: IncomingMessage, res: ServerResponse, search: string): Promise<void> => {
    const body =
      req.method === 'POST'
        ? parseBody(await readBody(req, maxBodyBytes), req.headers['content-type'])
        : undefined;
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers: headerMap(req), search, body },
      context: () => context(req),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  return createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const search = q === -1 ? '' : url.slice(q);
    const route = routes[pathname];
    const work =
      pathname === '/graphql'
        ? handleGraphQL(req, res, search)
        : route
          ? Promise.resolve(route(req, res))
          : Promise.reject(
              new HttpError(404, `No route ${pathname}. The GraphQL endpoint is /graphql.`, 'NOT_FOUND'),
            );
    work.catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        sendError(res, err);
        return;
      }
      logger.error({ err }, 'unhandled error in the HTTP front');
      sendError(res, new HttpError(500, 'Internal server error.', 'INTERNAL_SERVER_ERROR'));
    });
  });
}

export { sendJson };
