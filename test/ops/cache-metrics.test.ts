/** /metrics: lookups in the shared upstream response cache, by endpoint and result. */
import { DEMO_ORG, startTestGateway } from '../helpers/gateway';
import { sample } from '../helpers/metrics';

describe('the shared upstream cache', () => {
  it('counts hits, misses and coalesced calls by endpoint', async () => {
    const cached = await startTestGateway({ config: { responseCache: true } });
    try {
      const q = `query Twice($org: ID!) { org(id: $org) { commitmentAttributes { name } } }`;
      await cached.graphql(q, { org: DEMO_ORG });
      await cached.graphql(q, { org: DEMO_ORG });
      const text = await (await fetch(`${cached.origin}/metrics`)).text();
      const labels = { cache: 'upstream', endpoint: 'listCommitmentAttributes' };
      expect(sample(text, 'archera_graphql_cache_requests_total', { ...labels, result: 'miss' })).toBe(1);
      expect(sample(text, 'archera_graphql_cache_requests_total', { ...labels, result: 'hit' })).toBe(1);
    } finally {
      await cached.close();
    }
  });
});
