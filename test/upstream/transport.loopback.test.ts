/**
 * The transport's own Pool against real loopback sockets: keep-alive reuse, resets, refused connections,
 * a body that stalls past the timeout, and a socket closed mid-body — things a MockAgent cannot show.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ArcheraClient, ArcheraTransport } from '../../src/upstream';
import { upstreamError, KEY, ORG, PLAN, PLAN_BODY } from './helpers';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

interface Upstream {
  url: string;
  requests: () => number;
  connections: () => number;
  close: () => Promise<void>;
}

async function upstream(handler: Handler): Promise<Upstream> {
  let requests = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests += 1;
    handler(req, res, requests);
  });
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    connections: () => connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const fastRetry = { sleep: async () => undefined };
const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

let servers: Upstream[] = [];
let transports: ArcheraTransport[] = [];

function transportFor(url: string, timeoutMs = 1000): ArcheraTransport {
  const t = new ArcheraTransport({ baseUrl: url, timeoutMs, connections: 4, timing: fastRetry });
  transports.push(t);
  return t;
}
async function serve(handler: Handler): Promise<Upstream> {
  const s = await upstream(handler);
  servers.push(s);
  return s;
}

afterEach(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await Promise.all(servers.map((s) => s.close()));
  transports = [];
  servers = [];
});

test('sequential calls reuse one keep-alive connection; prefix and query go over the wire', async () => {
  const seen: string[] = [];
  const s = await serve((req, res) => {
    seen.push(req.url ?? '');
    json(res, 200, [], { 'x-pagination': '{"total":0}' });
  });
  const client = new ArcheraClient(transportFor(`${s.url}/prefix`), { apiKey: KEY });
  for (let i = 0; i < 5; i++)
    await client.listLineItems(ORG, PLAN, { resourceMatchIds: ['x', 'y'], page: i + 1 });
  // undici may open a second socket while the first is being released; both stay open and are reused.
  expect(s.connections()).toBeLessThanOrEqual(2);
  expect(seen[0]).toBe(
    `/prefix/v1/org/${ORG}/commitment-plans/${PLAN}/line-items?page=1&resource_match_ids=x&resource_match_ids=y`,
  );
});

test('a GET whose connection is reset is retried on a fresh connection', async () => {
  const s = await serve((req, res, n) => {
    if (n === 1) req.socket.destroy();
    else json(res, 200, PLAN_BODY);
  });
  const client = new ArcheraClient(transportFor(s.url), { apiKey: KEY });
  await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
  expect(s.requests()).toBe(2);
});

test('a POST whose connection is reset after sending -> OUTCOME_UNKNOWN, received once', async () => {
  const s = await serve((req) => {
    req.resume();
    req.on('end', () => req.socket.destroy());
  });
  const client = new ArcheraClient(transportFor(s.url), { apiKey: KEY });
  const err = await upstreamError(
    client.purchasePartnerPlan(ORG, { planId: 'p', confirm: true }, { idempotencyKey: 'k' }),
  );
  expect(err).toMatchObject({ code: 'OUTCOME_UNKNOWN', attempts: 1 });
  expect(s.requests()).toBe(1);
});

test('connection refused: a GET is retried then UPSTREAM_ERROR; a POST fails plainly (nothing sent)', async () => {
  const s = await serve(() => undefined);
  const url = s.url;
  await s.close();
  servers = [];
  const client = new ArcheraClient(transportFor(url), { apiKey: KEY });
  const get = await upstreamError(client.getPlan(ORG, PLAN));
  expect(get).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 3 });
  expect(get.message).toContain('ECONNREFUSED');
  const post = await upstreamError(client.applyPlan(ORG, PLAN));
  expect(post).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 1 });
  expect(post.message).toContain('nothing was sent');
});

test('a body that stalls after the headers -> UPSTREAM_TIMEOUT on time, and the pool keeps working', async () => {
  const s = await serve((req, res) => {
    if (req.url?.endsWith('/stall')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":');
      return; // never ends
    }
    json(res, 200, PLAN_BODY);
  });
  const client = new ArcheraClient(transportFor(s.url, 1000), { apiKey: KEY });
  // Warm up: undici compiles its HTTP parser on first use, which blocks the event loop for a few ms.
  await client.getPlan(ORG, PLAN);
  const started = performance.now();
  const err = await upstreamError(client.getPlan(ORG, 'stall'));
  const elapsed = performance.now() - started;
  expect(err.code).toBe('UPSTREAM_TIMEOUT');
  // The acceptance bound, timeout + 10%. (The first abort in a jest worker lazily loads undici's error path
  // through jest's module registry, ~30 ms measured, which a 1 s timeout's 100 ms of slack absorbs.)
  expect(elapsed).toBeLessThan(1000 * 1.1);
  await expect(client.getPlan(ORG, PLAN)).resolves.toEqual(PLAN_BODY);
});

test('a socket closed mid-body on a GET is retried, then UPSTREAM_ERROR', async () => {
  const s = await serve((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
    res.write('{"id":"');
    setTimeout(() => req.socket.destroy(), 5);
  });
  const client = new ArcheraClient(transportFor(s.url), { apiKey: KEY });
  const err = await upstreamError(client.getPlan(ORG, PLAN));
  expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', attempts: 3 });
  expect(s.requests()).toBe(3);
});

test('many concurrent calls share the bounded pool', async () => {
  const s = await serve((_req, res) => setTimeout(() => json(res, 200, PLAN_BODY), 5));
  const client = new ArcheraClient(transportFor(s.url), { apiKey: KEY });
  const results = await Promise.all(Array.from({ length: 40 }, () => client.getPlan(ORG, PLAN)));
  expect(results).toHaveLength(40);
  expect(s.connections()).toBeLessThanOrEqual(4);
});
