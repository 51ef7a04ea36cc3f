// Hive Gateway serving the Mesh composition of the v1 spec, for bench/ only: logging, landing page and
// GraphiQL off (the production-like setting; our gateway runs with NODE_ENV=production and LOG_LEVEL=silent).
// Everything else is Hive Gateway's default. The upstream URL comes from ARCHERA_API_URL at run time.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  supergraph: '../results/mesh/supergraph.graphql',
  logging: false,
  landingPage: false,
  graphiql: false,
});
