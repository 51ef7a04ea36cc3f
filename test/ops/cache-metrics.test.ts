/** /metrics: lookups in the shared upstream response cache, by endpoint and result. */
import { DEMO_ORG, startTestGateway } from '../helpers/gateway';

/** The value of one sample, by metric name and exact label set (in exposition order). */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort();
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = m[2]!.split(/,(?=[a-z_]+=")/).sort();
    if (got.length === wanted.length && got.every((l, i) => l === wanted[i])) return Number(m[3]);
  }
  return undefined;
}

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
