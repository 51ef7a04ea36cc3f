// The "Apollo floor" of `npm run bench`: the least a gateway on Apollo Server 5 can cost per query here. A
// minimal Apollo Server (same version, same production settings as ours: NODE_ENV=production, no stack
// traces, CSRF prevention, no batching, CacheControl off, production landing page) behind OUR HTTP front
// (the compiled src/http/server.ts of .tmp/bench-build/dist, as compare.ts builds it), with one resolver that
// makes the one-call query's upstream call through an undici Pool (the gateway's size) and reads the JSON.
// No loaders, no plugins, no limits, no metrics, no logs: what is left of our gateway's cost above this is
// ours. Only the one-call query: `org(id) { commitmentPlan(id) { name savingsHourly } }`.
// Env: DIST (the compiled gateway's dist/), ARCHERA_API_URL, PORT (127.0.0.1 only).
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dist = process.env.DIST;
const upstream = process.env.ARCHERA_API_URL;
if (!dist || !upstream) throw new Error('apollo-floor: DIST and ARCHERA_API_URL must be set');
// Resolve everything as the compiled gateway does (its Apollo Server, graphql, undici, pino).
const requireDist = createRequire(join(dist, 'main.js'));
const { ApolloServer } = requireDist('@apollo/server');
const { ApolloServerPluginCacheControlDisabled } = requireDist('@apollo/server/plugin/disabled');
const { ApolloServerPluginLandingPageProductionDefault } = requireDist(
  '@apollo/server/plugin/landingPage/default',
);
const { buildSchema } = requireDist('graphql');
const { Pool } = requireDist('undici');
const logger = requireDist('pino')({ level: 'silent' });
const { createHttpFront } = requireDist('./http/server.js');

const pool = new Pool(upstream, { connections: 32 });

const schema = buildSchema(`
  type Query { org(id: ID!): Org }
  type Org { commitmentPlan(id: ID!): CommitmentPlan }
  type CommitmentPlan { name: String savingsHourly: Float }
`);
const resolvers = {
  Query: { org: (_root, { id }) => ({ id }) },
  Org: {
    commitmentPlan: async (org, { id }, ctx) => {
      const res = await pool.request({
        path: `/v1/org/${encodeURIComponent(org.id)}/commitment-plans/${encodeURIComponent(id)}`,
        method: 'GET',
        headers: { 'x-api-key': ctx.apiKey, accept: 'application/json' },
      });
      if (res.statusCode !== 200) {
        await res.body.dump();
        throw new Error(`upstream answered ${res.statusCode}`);
      }
      return res.body.json();
    },
  },
  CommitmentPlan: { savingsHourly: (plan) => plan.savings_hourly },
};
for (const [typeName, fields] of Object.entries(resolvers)) {
  const type = schema.getType(typeName);
  for (const [name, resolve] of Object.entries(fields)) type.getFields()[name].resolve = resolve;
}

const apollo = new ApolloServer({
  schema,
  includeStacktraceInErrorResponses: false,
  introspection: false,
  csrfPrevention: true,
  allowBatchedHttpRequests: false,
  stopOnTerminationSignals: false,
  logger,
  plugins: [
    ApolloServerPluginCacheControlDisabled(),
    ApolloServerPluginLandingPageProductionDefault({ footer: false }),
  ],
});
await apollo.start();

const keyOf = (req) => {
  const key = req.headers['x-api-key'];
  return typeof key === 'string' && key !== '' ? key : undefined;
};
const server = createHttpFront({
  apollo,
  logger,
  apiKeyOf: keyOf,
  context: async (req, scope) => ({ apiKey: keyOf(req) ?? '', requestId: scope.requestId }),
  routes: {
    '/healthz': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
    },
  },
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`apollo floor listening on ${server.address().port}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  void apollo
    .stop()
    .then(() => pool.close())
    .then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
