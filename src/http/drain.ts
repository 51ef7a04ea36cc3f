/**
 * Graceful drain of a node:http server: stop accepting connections, let requests in flight finish, close
 * keep-alive connections as soon as they go idle (and answer any request that still arrives on one with
 * `Connection: close`), and after a deadline close whatever is left.
 *
 * Plain `server.close()` is not enough: it waits for idle keep-alive connections to time out (5 s) and still
 * serves new requests on them.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export class HttpDrainer {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private done: Promise<void> | undefined;

  constructor(private readonly server: Server) {
    // First listener, so the header is set before any route answers.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) res.setHeader('connection', 'close');
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        if (this.draining) setImmediate(() => this.server.closeIdleConnections());
      });
    });
  }

  /** Requests being answered right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Resolves when every connection is closed (at the latest after timeoutMs, by force). Idempotent. */
  drain(timeoutMs: number): Promise<void> {
    this.done ??= new Promise<void>((resolve) => {
      this.draining = true;
      const deadline = setTimeout(() => this.server.closeAllConnections(), timeoutMs);
      deadline.unref();
      this.server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      this.server.closeIdleConnections();
    });
    return this.done;
  }
}
