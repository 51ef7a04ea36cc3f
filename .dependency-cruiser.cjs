/**
 * The layer rule (README, "Architecture"): a file may import only from its own folder and from the layers
 * below it. Run by `npm run check:layers` (part of `npm test`); a violation names the rule and the layers
 * its folder may use.
 */
const LAYERS = [
  'main.ts', // the process: configuration, signals, tracing SDK
  'app', // composition root: builds every part and closes it in order
  'probe', // the contract probe, a command of its own
  'http', // node:http front: body limits, request scope, routes
  'server', // Apollo Server: schema assembly, plugins, limits, context, errors
  'ops', // metrics, tracing, drift telemetry, readiness, logger
  'resolvers', // thin resolvers, one file per type
  'money', // money-moving mutations and their idempotency records
  'schema', // graph helpers: ids, connections, enums, scalars, arguments
  'loaders', // per-request DataLoaders
  'simulator', // the embedded Archera simulator
  'upstream', // endpoint table, client, transport, tolerant reader, shared cache, drift checker
  'stores', // shared state backends: Redis connection, key-value caches
  'tenant', // the request's tenant: key fingerprint, request scope, secret scrubbing
  'config', // settings and limits
  'generated', // openapi-typescript and codegen output
];

const pathOf = (layer) => (layer.endsWith('.ts') ? `^src/${layer.replace('.', '\\.')}$` : `^src/${layer}/`);

const layerRules = LAYERS.map((layer, i) => {
  const below = LAYERS.slice(i + 1);
  return {
    name: `layer-${layer.replace('.ts', '')}`,
    comment: `src/${layer} may import only its own folder and the layers below it (${below.join(', ')}). Imports go down: ${LAYERS.join(' > ')}.`,
    severity: 'error',
    from: { path: pathOf(layer) },
    to: {
      path: '^src/',
      pathNot: [pathOf(layer), ...below.map(pathOf)],
    },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      comment:
        'Modules import each other in a circle (types aside): break it by moving what both need into one of them or a lower layer.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-unknown-layer',
      comment: `Every folder of src/ is a layer of .dependency-cruiser.cjs (${LAYERS.join(', ')}): add a new folder there, at its place.`,
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.map(pathOf) },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/generated/graphql\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
