/**
 * A loopback HTTP proxy in front of the simulator that lets a test rewrite upstream answers (headers such
 * as `Cache-Control: public`, bodies that echo the caller's key, off-spec values) where the simulator's
 * own fault kinds do not reach.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Tamper = (req: IncomingMessage, answer: UpstreamAnswer) => UpstreamAnswer;

export interface TamperProxy {
  url: string;
  /** Rewrites every answer until changed; identity by default. */
  tamper: Tamper;
  close(): Promise<void>;
}

export async function startTamperProxy(target: string): Promise<TamperProxy> {
  const pool = new Pool(target, { connections: 16 });
  const proxy: TamperProxy = {
    url: '',
    tamper: (_req, answer) => answer,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await pool.close();
    },
  };
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'connection') headers[name] = value;
      }
      const upstream = await pool.request({
        path: req.url ?? '/',
        method: (req.method ?? 'GET') as 'GET',
        headers,
        body: chunks.length ? Buffer.concat(chunks) : null,
      });
      const answerHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(upstream.headers)) {
        if (typeof value === 'string' && name !== 'content-length' && name !== 'connection') {
          answerHeaders[name] = value;
        }
      }
      const answer = proxy.tamper(req, {
        status: upstream.statusCode,
        headers: answerHeaders,
        body: await upstream.body.text(),
      });
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
      res.end(answer.body);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
