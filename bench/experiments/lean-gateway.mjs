// An experiment of `npm run bench`, not a product: our schema, resolvers, loaders and upstream transport
// (the compiled gateway of .tmp/bench-build/dist, as compare.ts builds it), served by node:http and graphql-js
// directly, with parse + validate cached per query text. No Apollo Server request pipeline and none of its
// plugins (metrics, logging, cost limits, armor, error formatting): the difference to our gateway is what
// those cost per request. Env: DIST (the compiled gateway's dist/), ARCHERA_API_URL, PORT (127.0.0.1 only).
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

const dist = process.env.DIST;
const upstream = process.env.ARCHERA_API_URL;
if (!dist || !upstream) throw new Error('lean-gateway: DIST and ARCHERA_API_URL must be set');
// Resolve everything as the compiled gateway does (its graphql instance, its undici).
const requireDist = createRequire(join(dist, 'main.js'));
const { parse, validate, execute } = requireDist('graphql');
const { buildSchema } = requireDist('./server/schema.js');
const { snakeCaseFieldResolver } = requireDist('./schema/field-resolver.js');
const { ArcheraTransport, ArcheraClient } = requireDist('./upstream/index.js');
const { createLoaders } = requireDist('./loaders/index.js');
const logger = requireDist('pino')({ level: 'silent' });

const schema = buildSchema();
const transport = new ArcheraTransport({ baseUrl: upstream, timeoutMs: 10_000, logger });

/** Parsed and validated documents by query text (bounded). */
const documents = new Map();
function documentOf(query) {
  let entry = documents.get(query);
  if (!entry) {
    try {
      const document = parse(query);
      const errors = validate(schema, document);
      entry = errors.length > 0 ? { errors } : { document };
    } catch (err) {
      entry = { errors: [err] };
    }
    if (documents.size >= 1000) documents.delete(documents.keys().next().value);
    documents.set(query, entry);
  }
  return entry;
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const formatErrors = (errors) =>
  errors.map((e) => ({
    message: e.message,
    extensions: { code: e.extensions?.code ?? 'INTERNAL_SERVER_ERROR' },
  }));

async function handle(req, res) {
  if (req.url === '/healthz') return send(res, 200, { status: 'ok' });
  if (req.method !== 'POST' || req.url !== '/graphql')
    return send(res, 404, { errors: [{ message: 'not found' }] });
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let body;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return send(res, 400, { errors: [{ message: 'Malformed JSON in the request body.' }] });
  }
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey !== 'string' || apiKey === '')
    return send(res, 401, { errors: [{ message: 'Missing API key' }] });
  const { document, errors } = documentOf(String(body.query ?? ''));
  if (errors) return send(res, 400, { errors: formatErrors(errors) });
  const requestId = randomUUID();
  const loaders = createLoaders(new ArcheraClient(transport, { apiKey, requestId }));
  const result = await execute({
    schema,
    document,
    variableValues: body.variables,
    contextValue: { requestId, loaders, logger },
    fieldResolver: snakeCaseFieldResolver,
  });
  send(res, 200, result.errors ? { ...result, errors: formatErrors(result.errors) } : result);
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => {
    if (!res.headersSent) send(res, 500, { errors: [{ message: 'Unexpected error.' }] });
    else res.end();
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`lean gateway listening on ${server.address().port}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
  void transport.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
