/** The API key must never show up in an error (message, JSON, stack) or in a log line. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors } from 'undici';
import { ArcheraClient, ArcheraTransport, type UpstreamError } from '../../src/upstream';
import { harness, upstreamError, type Harness, ORG, PLAN, PLAN_BODY } from './helpers';

const SECRET = 'sk-live-S3CR3T-9f8e7d6c5b4a';
const PLAN_PATH = `/v1/org/${ORG}/commitment-plans/${PLAN}`;

let h: Harness;
let client: ArcheraClient;

beforeEach(() => {
  h = harness({ timeoutMs: 50 });
  client = new ArcheraClient(h.transport, { apiKey: SECRET, requestId: 'r-1' });
});
afterEach(async () => {
  await h.close();
});

function expectNoSecret(err: UpstreamError, secret = SECRET): void {
  const text = [err.message, err.stack ?? '', JSON.stringify(err), err.upstreamMessage ?? ''].join('\n');
  expect(text).not.toContain(secret);
}

test('the key stays out of errors and logs across every failure kind', async () => {
  const echo = { message: `key ${SECRET} is not valid`, timestamp: 't', type: 'auth' };
  h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY);
  h.pool.intercept({ path: PLAN_PATH }).reply(401, echo);
  h.pool.intercept({ path: PLAN_PATH }).reply(422, { code: 422, message: `bad key=${SECRET}` });
  h.pool.intercept({ path: PLAN_PATH }).reply(503, '').times(3);
  h.pool.intercept({ path: PLAN_PATH }).reply(200, PLAN_BODY).delay(500);
  h.pool
    .intercept({ path: `${PLAN_PATH}/apply`, method: 'POST' })
    .replyWithError(new errors.SocketError('other side closed'));

  await client.getPlan(ORG, PLAN);
  const failures = [
    await upstreamError(client.getPlan(ORG, PLAN)),
    await upstreamError(client.getPlan(ORG, PLAN)),
    await upstreamError(client.getPlan(ORG, PLAN)),
    await upstreamError(client.getPlan(ORG, PLAN)),
    await upstreamError(client.applyPlan(ORG, PLAN, { idempotencyKey: 'i' })),
  ];
  expect(failures.map((e) => e.code)).toEqual([
    'UNAUTHENTICATED',
    'BAD_USER_INPUT',
    'UPSTREAM_ERROR',
    'UPSTREAM_TIMEOUT',
    'OUTCOME_UNKNOWN',
  ]);
  for (const err of failures) expectNoSecret(err);
  // The upstream's echo is kept, scrubbed.
  expect(failures[0]?.upstreamMessage).toBe('key [redacted] is not valid');

  const logs = h.logs();
  expect(logs).toContain('"endpoint":"getPlan"');
  expect(logs).toContain('"requestId":"r-1"');
  expect(logs).not.toContain(SECRET);
});

test('a logger that is handed headers redacts them', () => {
  // Defensive redaction, in case a future log line passes a request object.
  const anyLogger = (h.transport as unknown as { logger: { warn: (o: object, m: string) => void } }).logger;
  anyLogger.warn({ headers: { 'x-api-key': SECRET }, req: { 'x-api-key': SECRET }, apiKey: SECRET }, 'oops');
  expect(h.logs()).not.toContain(SECRET);
  expect(h.logs()).toContain('[redacted]');
});

describe.each([
  ['a newline', `${SECRET}\nX-Evil: 1`],
  ['a carriage return', `${SECRET}\r`],
  ['a NUL', `${SECRET}\u0000`],
  ['a character above U+00FF', `${SECRET}\u2028`],
])('a key with %s', (_name, badKey) => {
  test('fails UNAUTHENTICATED before sending, without echoing it (MockAgent)', async () => {
    h.agent.enableCallHistory();
    const err = await upstreamError(new ArcheraClient(h.transport, { apiKey: badKey }).getPlan(ORG, PLAN));
    expect(err.code).toBe('UNAUTHENTICATED');
    expect(err.attempts).toBe(0);
    expect(err.message).toBe('Archera getPlan: API key contains characters not allowed in an HTTP header');
    expectNoSecret(err);
    expect(h.agent.getCallHistory()?.calls() ?? []).toHaveLength(0);
    expect(h.logs()).not.toContain(SECRET);
  });

  test('fails the same way through a real Pool, and nothing reaches the server', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits += 1;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = new ArcheraTransport({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000 });
    try {
      const err = await upstreamError(
        new ArcheraClient(transport, { apiKey: badKey }).purchasePartnerPlan(ORG, {
          planId: 'p',
          confirm: true,
        }),
      );
      expect(err.code).toBe('UNAUTHENTICATED');
      expectNoSecret(err);
      expect(hits).toBe(0);
    } finally {
      await transport.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

test('an empty key fails UNAUTHENTICATED before sending', async () => {
  await expect(new ArcheraClient(h.transport, { apiKey: '' }).getPlan(ORG, PLAN)).rejects.toMatchObject({
    code: 'UNAUTHENTICATED',
    attempts: 0,
  });
});

test('an idempotency key with bad characters is refused; a bad request id is just dropped', async () => {
  await expect(client.applyPlan(ORG, PLAN, { idempotencyKey: 'a\nb' })).rejects.toMatchObject({
    code: 'BAD_USER_INPUT',
    attempts: 0,
  });
  let seen: Record<string, string> = {};
  h.pool.intercept({ path: PLAN_PATH }).reply((opts) => {
    seen = opts.headers as Record<string, string>;
    return { statusCode: 200, data: PLAN_BODY };
  });
  await new ArcheraClient(h.transport, { apiKey: SECRET, requestId: 'r\n2' }).getPlan(ORG, PLAN);
  expect(seen['x-request-id']).toBeUndefined();
});
