/**
 * The HTTP side: the node:http front (/graphql) with the operations routes (/healthz, /readyz, /metrics),
 * subscriptions over WebSocket on the same port, readiness, the graceful drain, and the in-flight gauge.
 *
 * Why a factory of its own: it is the first thing to stop. close() reports not ready, stops accepting, lets
 * requests in flight finish (then closes their connections) and only then resolves, so everything behind
 * it may close knowing that no request is still running.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrainer } from '../http/drain';
import { createHttpFront, sendJson } from '../http/server';
import { attachWebSocket } from '../http/websocket';
import { Readiness } from '../ops/readiness';
import type { GraphQLServer } from './apollo';
import type { Infrastructure } from './infrastructure';
import type { Upstream } from './upstream';

export interface HttpFront {
  server: Server;
  /** Resolves with the port once listening (port 0: a free one). */
  listen(port: number, host?: string): Promise<number>;
  /** Not ready, drain (requests in flight get up to timeoutMs), then readiness' own connections. */
  close(timeoutMs: number): Promise<void>;
}

export function createHttp(infra: Infrastructure, upstream: Upstream, graphql: GraphQLServer): HttpFront {
  const { logger, metrics } = infra;
  const readiness = new Readiness({ upstreamUrl: upstream.upstreamUrl, redis: infra.redis });
  const server = createHttpFront({
    apollo: graphql.apollo,
    logger,
    apiKeyOf: graphql.apiKeyOf,
    context: graphql.context,
    scopedPersistedQueries: graphql.scopedPersistedQueries,
    routes: {
      '/healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
      '/readyz': async (_req, res) => {
        const report = await readiness.check();
        sendJson(res, report.status === 'ready' ? 200 : 503, report);
      },
      '/metrics': async (_req, res) => {
        const { contentType, body } = await metrics.expose();
        res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
        res.end(body);
      },
    },
  });
  const websocket = attachWebSocket(server, graphql.subscriptions.options);
  const drainer = new HttpDrainer(server);
  metrics.gauge('http_requests_in_flight', 'HTTP requests being answered.', () => drainer.inFlightCount);
  return {
    server,
    listen: (port, host) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    async close(timeoutMs) {
      readiness.markDraining();
      // At once: stop accepting, and complete every subscription (then close its socket, "going away");
      // the drain resolves when the last connection, upgraded ones included, is closed.
      await Promise.all([websocket.close(() => graphql.completeSubscriptions()), drainer.drain(timeoutMs)]);
      await readiness.close();
    },
  };
}
