/**
 * WebSocket on the HTTP port: an upgrade on /graphql speaks `graphql-ws` (subscriptions); any other path is
 * refused. Closing completes every subscription first (the clients get `complete`), then closes the
 * connections ("going away"), so a client reconnects elsewhere knowing nothing was cut mid-message.
 */
import type { Server } from 'node:http';
import type { ServerOptions } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';

export interface WebSocketFront {
  /** Completes every subscription (`completeAll`), lets the messages go out, then closes every connection. */
  close(completeAll: () => void): Promise<void>;
}

/** Keep-alive pings, so idle proxies do not cut a quiet subscription. */
const KEEP_ALIVE_MS = 12_000;

export function attachWebSocket<E extends Record<PropertyKey, unknown>>(
  server: Server,
  options: ServerOptions<Record<string, unknown>, Extra & Partial<E>>,
): WebSocketFront {
  const wss = new WebSocketServer({ server, path: '/graphql' });
  const disposable = useServer(options, wss, KEEP_ALIVE_MS);
  return {
    async close(completeAll) {
      completeAll();
      // The complete messages are queued on each socket: let them flush before the close frames.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(
        [...wss.clients].map(
          (socket) =>
            new Promise<void>((resolve) => {
              if (socket.bufferedAmount === 0) resolve();
              else setTimeout(resolve, 100);
            }),
        ),
      );
      await disposable.dispose();
    },
  };
}
