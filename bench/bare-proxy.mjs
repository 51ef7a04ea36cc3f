// The bare pass-through proxy of `npm run bench`: node:http in, an undici Pool out, status, content type and
// body relayed as a stream. No parsing, no validation, no logging: the floor of any extra hop written in
// Node, and so the physical limit for a gateway. Plain JS, run by plain node (like the compiled gateway and
// Mesh), with the gateway's own undici. Env: UPSTREAM_URL, PORT (listens on 127.0.0.1 only).
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { Pool } = createRequire(join(root, 'package.json'))('undici');

const upstream = process.env.UPSTREAM_URL;
const port = Number(process.env.PORT ?? 0);
if (!upstream) throw new Error('bare-proxy: UPSTREAM_URL is not set');

// The same keep-alive Pool size as the gateway's transport (src/upstream/transport.ts).
const pool = new Pool(upstream, { connections: 32 });

const server = createServer((req, res) => {
  const apiKey = req.headers['x-api-key'];
  pool
    .request({
      path: req.url ?? '/',
      method: req.method === 'POST' ? 'POST' : 'GET',
      headers: typeof apiKey === 'string' ? { 'x-api-key': apiKey } : {},
      body: req.method === 'POST' ? req : null,
    })
    .then(async (up) => {
      const headers = {};
      const type = up.headers['content-type'];
      const length = up.headers['content-length'];
      if (typeof type === 'string') headers['content-type'] = type;
      if (typeof length === 'string') headers['content-length'] = length;
      res.writeHead(up.statusCode, headers);
      await pipeline(up.body, res);
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`bare proxy listening on ${server.address().port}\n`);
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void pool.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
