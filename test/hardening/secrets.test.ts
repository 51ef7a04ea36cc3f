/**
 * The API key never appears in a response, a log line (debug level, all of it captured), an upstream call
 * event (what traces and metrics are made of) or a metric: keys the upstream refuses, keys it echoes back,
 * keys placed in the query itself, keys with characters that are invalid in a header (from a client or from
 * ARCHERA_API_KEY).
 */
import { connect } from 'node:net';
import type { UpstreamCallEvent } from '../../src/upstream';
import { startSimulator, type StartedSimulator } from '../../src/simulator';
import { codes, DEMO_ORG, hardened, startTestGateway, type TestGateway } from '../helpers/gateway';
import { startTamperProxy, type TamperProxy } from './tamper-proxy';

const SECRET = 'sk-live-7hV9qXw2ZkP4mN8bR1tY6uJ3';
const QUERY = `{ org(id: "${DEMO_ORG}") { commitmentSummary(provider: AWS) { totalActiveCommitments } recommendedCommitmentPlan(provider: AWS) { id } } }`;

let simulator: StartedSimulator;
let proxy: TamperProxy;
let g: TestGateway;
const events: UpstreamCallEvent[] = [];
beforeAll(async () => {
  simulator = await startSimulator({ port: 0 });
  proxy = await startTamperProxy(simulator.url);
  g = await startTestGateway(
    hardened({ simulator, upstreamUrl: proxy.url, upstream: { onCall: (e) => events.push(e) } }),
  );
});
afterAll(async () => {
  await g.close();
  await proxy.close();
  await simulator.close();
});

/** Every form a key could take in JSON or a log line. */
function forms(key: string): string[] {
  return [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)];
}

function expectAbsent(text: string, key: string): void {
  for (const form of forms(key)) expect(text).not.toContain(form);
}

test('a key the upstream refuses: UNAUTHENTICATED, and the key is nowhere', async () => {
  const r = await g.graphql(QUERY, undefined, { 'x-api-key': SECRET });
  expect(codes(r)).toContain('UNAUTHENTICATED');
  expectAbsent(r.text, SECRET);
  expectAbsent(JSON.stringify([...r.headers]), SECRET);
  expectAbsent(g.logs(), SECRET);
});

test('an upstream that echoes the key in its error message: scrubbed', async () => {
  proxy.tamper = (req, answer) =>
    req.url?.includes('/summary')
      ? {
          status: 422,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            message: `key ${String(req.headers['x-api-key'])} may not ask this`,
            errors: {},
          }),
        }
      : answer;
  try {
    const r = await g.graphql(QUERY, undefined, { 'x-api-key': SECRET });
    expect(codes(r)).toContain('BAD_USER_INPUT');
    expect(r.text).toContain('[redacted] may not ask this');
    const demo = await g.graphql(QUERY, undefined, { 'x-api-key': 'demo-echo-check' });
    expectAbsent(demo.text, 'demo-echo-check');
    expectAbsent(r.text, SECRET);
    expectAbsent(g.logs(), SECRET);
  } finally {
    proxy.tamper = (_req, answer) => answer;
  }
});

test('a key placed in the query, the variables or the request id is not echoed back', async () => {
  const inArgument = await g.graphql(`{ org(id: "${SECRET}") { id } }`, undefined, { 'x-api-key': SECRET });
  expect(codes(inArgument)).toEqual(['BAD_USER_INPUT']);
  expectAbsent(inArgument.text, SECRET);
  const inVariables = await g.graphql(
    `query($id: ID!) { org(id: $id) { id } }`,
    { id: SECRET },
    { 'x-api-key': SECRET },
  );
  expectAbsent(inVariables.text, SECRET);
  const asRequestId = await g.graphql(QUERY, undefined, { 'x-api-key': SECRET, 'x-request-id': SECRET });
  expectAbsent(asRequestId.text, SECRET);
  expectAbsent(JSON.stringify([...asRequestId.headers]), SECRET);
  expectAbsent(g.logs(), SECRET);
});

test('a key with characters invalid in a header, from a client: refused, never echoed or logged', async () => {
  for (const key of [`${SECRET}\x7f`, `${SECRET}\x01x`, `${SECRET}\u00e9`]) {
    const body = JSON.stringify({ query: QUERY });
    const raw = await new Promise<string>((resolve) => {
      const socket = connect(g.gateway.port, '127.0.0.1', () => {
        socket.write(
          Buffer.from(
            `POST /graphql HTTP/1.1\r\nHost: t\r\ncontent-type: application/json\r\nx-api-key: ${key}\r\n` +
              `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
            'latin1',
          ),
        );
      });
      let out = '';
      socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
      socket.on('end', () => resolve(out));
      socket.on('error', () => resolve(out));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 (400|200)/);
    expect(raw).not.toContain(SECRET);
  }
  expectAbsent(g.logs(), SECRET);
});

test('a server key (ARCHERA_API_KEY) with characters invalid in a header: UNAUTHENTICATED, never echoed', async () => {
  const serverKey = `${SECRET}\x01srv`;
  const withServerKey = await startTestGateway(
    hardened({
      simulator: g.simulator,
      config: { archeraApiKey: serverKey },
    }),
  );
  try {
    const r = await withServerKey.graphql(QUERY, undefined, {});
    expect(codes(r)).toContain('UNAUTHENTICATED');
    expect(r.body.errors![0]!.message).toContain('characters not allowed in an HTTP header');
    expectAbsent(r.text, serverKey);
    expectAbsent(r.text, SECRET);
    expectAbsent(withServerKey.logs(), SECRET);
  } finally {
    await withServerKey.close();
  }
});

test('upstream call events (what metrics and traces are made of) and /metrics carry no key', async () => {
  await g.graphql(QUERY, undefined, { 'x-api-key': SECRET });
  expect(events.length).toBeGreaterThan(0);
  expectAbsent(JSON.stringify(events), SECRET);
  const metrics = await g.fetch('/metrics');
  expect(metrics.status).toBe(200);
  expectAbsent(metrics.text, SECRET);
  expectAbsent(g.logs(), SECRET);
});
