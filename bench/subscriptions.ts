/**
 * `npm run bench:subscriptions`: what a live plan costs upstream. N subscribers (1, 10, 100, each on its own
 * WebSocket, as browser tabs would be) watch one plan for a fixed window; the upstream plan reads are
 * counted, next to the same N clients polling the plan over HTTP at the same interval (what per-client
 * polling, Mesh's or StepZen's way, costs). A busy plan (calculating: the fast interval) and a stable one
 * (backing off). Not a test: it reports counts, measured in one run.
 */
import { createClient } from 'graphql-ws';
import { Agent, request } from 'undici';
import WebSocket from 'ws';
import { startGateway } from '../src/app/gateway';
import { loadConfig } from '../src/config/index';
import { createLogger } from '../src/ops/logger';
import { FIXTURES, startSimulator } from '../src/simulator';
import { markdownTable } from './stats';

const FAST_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const INTERVALS = Number(process.env.BENCH_INTERVALS ?? 20);
const SUBSCRIBERS = [1, 10, 100];
const ORG = FIXTURES.orgs.demo;
const PLANS = { busy: FIXTURES.noRecommendedPlan.planId, stable: FIXTURES.recommendedPlan.planId };
const SUBSCRIPTION = `subscription($org: ID!, $plan: ID!) {
  commitmentPlanUpdated(orgId: $org, planId: $plan) { id status isCalculating } }`;
const QUERY = `query($org: ID!, $plan: ID!) { org(id: $org) { commitmentPlan(id: $plan) { id status isCalculating } } }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const simulator = await startSimulator({ port: 0 });
  const gateway = await startGateway(
    {
      ...loadConfig({
        RESPONSE_CACHE: 'off',
        GRAPHQL_COST_BUDGET_PER_MINUTE: '0',
        SUBSCRIPTION_POLL_MS: String(FAST_MS),
        SUBSCRIPTION_POLL_MAX_MS: String(FAST_MS * 10),
        SUBSCRIPTIONS_PER_KEY: '1000',
        SUBSCRIPTIONS_PER_CONNECTION: '10',
      }),
      port: 0,
      archeraApiUrl: simulator.url,
      logLevel: 'silent',
    },
    { host: '127.0.0.1', logger: createLogger('silent') },
  );
  const http = new Agent({ connections: 16 });
  const reads = (): number => simulator.callsTo('getPlan').length;
  const rows: string[][] = [];
  try {
    for (const [state, plan] of Object.entries(PLANS)) {
      for (const n of SUBSCRIBERS) {
        // Subscriptions: N sockets, one subscription each.
        simulator.resetCalls();
        const clients = Array.from({ length: n }, () =>
          createClient({
            url: gateway.url.replace(/^http/, 'ws'),
            webSocketImpl: WebSocket,
            connectionParams: { 'x-api-key': 'demo' },
            retryAttempts: 0,
          }),
        );
        let first = 0;
        const firstEvents = new Promise<void>((resolve, reject) => {
          for (const client of clients) {
            client.subscribe(
              { query: SUBSCRIPTION, variables: { org: ORG, plan } },
              {
                next: () => {
                  if (++first === n) resolve();
                },
                error: reject,
                complete: () => undefined,
              },
            );
          }
        });
        await firstEvents;
        const atStart = reads();
        await sleep(FAST_MS * INTERVALS);
        const subscribed = reads() - atStart;
        await Promise.all(clients.map((c) => c.dispose()));

        // Per-client polling: N clients each read the plan every interval over HTTP.
        simulator.resetCalls();
        const poll = async (): Promise<void> => {
          const res = await request(gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': 'demo', 'cache-control': 'no-cache' },
            body: JSON.stringify({ query: QUERY, variables: { org: ORG, plan } }),
            dispatcher: http,
          });
          await res.body.dump();
        };
        for (let i = 0; i < INTERVALS; i++) {
          await Promise.all(Array.from({ length: n }, poll));
          await sleep(FAST_MS);
        }
        const polled = reads();
        rows.push([
          state,
          String(n),
          String(atStart),
          String(subscribed),
          (subscribed / INTERVALS).toFixed(2),
          (subscribed / INTERVALS / n).toFixed(3),
          String(polled),
          `${(polled / Math.max(subscribed, 1)).toFixed(0)}x`,
        ]);
      }
    }
    console.log(
      `Window: ${INTERVALS} fast intervals of ${FAST_MS} ms; response cache off (every read reaches the upstream).\n`,
    );
    console.log(
      markdownTable(
        [
          'plan',
          'subscribers',
          'reads until all subscribed',
          'reads in window',
          'reads per interval',
          'reads per interval per subscriber',
          'per-client polling, reads',
          'polling / subscriptions',
        ],
        rows,
      ),
    );
  } finally {
    await http.close();
    await gateway.stop();
    await simulator.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
