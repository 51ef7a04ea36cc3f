/**
 * `npm run bench:read`: for typical dashboard queries against the simulator with 25 ms injected upstream
 * latency, the upstream calls each query costs and its p50/p99 latency next to the critical path: the same
 * upstream calls replayed directly, level after level of the longest dependent chain, each level in
 * parallel (see critical-path.ts). Not a test: it reports.
 */
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { startGateway } from '../src/app/gateway';
import { loadConfig } from '../src/config/index';
import { createLogger } from '../src/ops/logger';
import { startSimulator } from '../src/simulator';
import { levelsOf, replayLevels } from './critical-path';
import { DASHBOARD_QUERIES, DEMO_ORG } from './dashboard-queries';
import { markdownTable, ms, percentile } from './stats';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 25);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const WARMUP = 5;

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const simulator = await startSimulator({ port: 0, latencyMs: LATENCY_MS });
  const gateway = await startGateway(
    // Every request must reach upstream: the response cache off (and `Cache-Control: no-cache` below), and
    // no per-key cost budget (one key sends every request).
    {
      ...loadConfig({ RESPONSE_CACHE: 'off', GRAPHQL_COST_BUDGET_PER_MINUTE: '0' }),
      port: 0,
      archeraApiUrl: simulator.url,
      logLevel: 'silent',
    },
    {
      host: '127.0.0.1',
      logger: createLogger('silent'),
    },
  );
  const client = new Agent({ connections: 4 });
  // Replays fan out like the gateway does: enough connections that no call waits for a socket.
  const direct = new Agent({ connections: 64 });
  try {
    const rows: string[][] = [];
    for (const q of DASHBOARD_QUERIES) {
      const send = async (): Promise<void> => {
        const res = await request(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': 'demo', 'cache-control': 'no-cache' },
          body: JSON.stringify({ query: q.query, variables: { org: DEMO_ORG, ...q.variables } }),
          dispatcher: client,
        });
        const body = (await res.body.json()) as { errors?: unknown[] };
        if (body.errors) throw new Error(`${q.name}: ${JSON.stringify(body.errors)}`);
      };
      simulator.resetCalls();
      await send();
      const calls = simulator.calls();
      const levels = levelsOf(calls, LATENCY_MS * 0.8);
      if (levels.length !== q.chain)
        throw new Error(`${q.name}: expected a chain of ${q.chain}, saw ${levels.length} levels`);
      for (let i = 0; i < WARMUP; i++) await send();
      const samples: number[] = [];
      const replayed: number[] = [];
      // Interleaved, so both see the same machine load.
      for (let i = 0; i < RUNS; i++) {
        samples.push(await timed(send));
        replayed.push(await replayLevels(simulator.url, levels, direct, 'demo'));
      }
      const critical = percentile(replayed, 50);
      const p50 = percentile(samples, 50);
      rows.push([
        q.name,
        String(calls.length),
        String(levels.length),
        ms(critical),
        ms(p50),
        ms(percentile(samples, 99)),
        `${(p50 / critical).toFixed(2)}x`,
      ]);
    }
    console.log(
      `Upstream latency injected: ${LATENCY_MS} ms; ${RUNS} runs per query, sequential; critical path = the same upstream calls replayed directly (p50).\n`,
    );
    console.log(
      markdownTable(
        [
          'query',
          'upstream calls',
          'chain (levels)',
          'critical path p50',
          'gateway p50',
          'gateway p99',
          'p50 / critical',
        ],
        rows,
      ),
    );
  } finally {
    await client.close();
    await direct.close();
    await gateway.stop();
    await simulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
