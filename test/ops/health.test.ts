/**
 * /healthz (process alive) and /readyz (upstream reachable, Redis answering when configured; not ready while
 * draining), and the in-process drain: requests in flight finish, idle keep-alive connections do not hold
 * the stop, nothing new is accepted.
 */
import { createServer, request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readiness } from '../../src/ops/readiness';
import { DEMO_ORG, startTestGateway } from '../helpers/gateway';
import { closedPortUrl } from '../helpers/http';

describe('/healthz and /readyz', () => {
  it('are 200 while the upstream answers, and /readyz probes it without a key', async () => {
    const ops = await startTestGateway();
    try {
      const health = await ops.fetch('/healthz');
      expect({ status: health.status, body: health.body }).toEqual({ status: 200, body: { status: 'ok' } });
      ops.simulator.resetCalls();
      const ready = await ops.fetch('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ status: 'ready', checks: { upstream: { status: 'up' } } });
      const probes = ops.simulator.calls();
      expect(probes).toHaveLength(1);
      expect(probes[0]).toMatchObject({ path: '/', apiKeyFingerprint: null });
      // Probes in quick succession reuse the last result: no upstream load from frequent probing.
      await ops.fetch('/readyz');
      expect(ops.simulator.calls()).toHaveLength(1);
    } finally {
      await ops.close();
    }
  });

  it('/readyz is 503 when the upstream is unreachable; /healthz stays 200', async () => {
    const ops = await startTestGateway({ config: { archeraApiUrl: await closedPortUrl() } });
    try {
      const ready = await ops.fetch('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'not ready',
        checks: { upstream: { status: 'down', error: 'ECONNREFUSED' } },
      });
      expect((await ops.fetch('/healthz')).status).toBe(200);
    } finally {
      await ops.close();
    }
  });

  it('counts an upstream answering 5xx as down, and any other answer as up', async () => {
    let status = 503;
    const server: Server = createServer((_req, res) => res.writeHead(status).end());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const down = new Readiness({ upstreamUrl: url, cacheMs: 0 });
      expect(await down.check()).toMatchObject({
        status: 'not ready',
        checks: { upstream: { status: 'down', error: 'HTTP 503' } },
      });
      status = 401;
      expect(await down.check()).toMatchObject({ status: 'ready' });
      down.markDraining();
      expect(await down.check()).toEqual({ status: 'draining', checks: {} });
      await down.close();
    } finally {
      server.close();
    }
  });
});

describe('stop() drains', () => {
  it('lets a request in flight finish, closes idle keep-alive connections at once, accepts nothing new', async () => {
    const ops = await startTestGateway();
    const agent = new Agent({ keepAlive: true });
    const post = (query: string): Promise<{ status: number; connection: string | undefined; body: string }> =>
      new Promise((resolve, reject) => {
        const req = httpRequest(
          `${ops.origin}/graphql`,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'x-api-key': 'demo' } },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () =>
              resolve({ status: res.statusCode!, connection: res.headers.connection, body }),
            );
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ query }));
      });
    const query = `{ org(id: "${DEMO_ORG}") { recommendedCommitmentPlan(provider: AWS) { name } } }`;
    try {
      await post(query); // leaves an idle keep-alive connection behind
      ops.simulator.setLatency(800);
      const slow = post(query);
      await new Promise((r) => setTimeout(r, 200));
      const started = Date.now();
      const stopped = ops.gateway.stop().then(() => Date.now() - started);

      await expect(fetch(`${ops.origin}/healthz`)).rejects.toThrow();
      const answer = await slow;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({
        data: { org: { recommendedCommitmentPlan: { name: 'Recommended' } } },
      });
      expect(answer.connection).toBe('close');
      // Well before the 5 s keep-alive timeout that a plain server.close() would wait for.
      expect(await stopped).toBeLessThan(2000);
    } finally {
      agent.destroy();
      await ops.close();
    }
  });
});
