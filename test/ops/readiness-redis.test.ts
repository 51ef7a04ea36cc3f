/** /readyz with REDIS_URL: ready only while the shared Redis answers PING. */
import { startTestRedis, type TestRedis } from '../helpers/redis';
import { startTestGateway } from '../helpers/gateway';
import { closedPortUrl } from '../helpers/http';

describe('with REDIS_URL', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(() => redis.stop());

  it('checks Redis too', async () => {
    const ops = await startTestGateway({ config: { redisUrl: redis.url } });
    try {
      const ready = await ops.fetch('/readyz');
      expect(ready).toMatchObject({
        status: 200,
        body: { status: 'ready', checks: { upstream: { status: 'up' }, redis: { status: 'up' } } },
      });
    } finally {
      await ops.close();
    }
  });

  it('is not ready when Redis does not answer', async () => {
    const deadRedis = (await closedPortUrl()).replace('http:', 'redis:');
    const ops = await startTestGateway({ config: { redisUrl: deadRedis } });
    try {
      const ready = await ops.fetch('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        status: 'not ready',
        checks: { upstream: { status: 'up' }, redis: { status: 'down' } },
      });
    } finally {
      await ops.close();
    }
  });
});
