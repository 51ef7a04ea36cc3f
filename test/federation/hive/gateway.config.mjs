// Hive Gateway in front of our subgraph, configured as a team running it would: the caller's API key goes
// on to every subgraph (queries over HTTP, subscriptions over graphql-ws on the subgraph's /graphql, the key
// in connection_init), @defer and @stream on, logs off. The supergraph comes from the command line.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  logging: false,
  landingPage: false,
  graphiql: false,
  deferStream: true,
  // Demand control from the subgraph's @cost/@listSize only: what its fields cost upstream, nothing per type
  // or operation (the subgraph's own model counts upstream calls, nothing else); unsized lists as 10.
  demandControl: {
    maxCost: 1000,
    listSize: 10,
    typeCost: () => 0,
    operationTypeCost: () => 0,
    includeExtensionMetadata: true,
  },
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      const key = request.headers.get('x-api-key');
      return key ? { 'x-api-key': key } : {};
    },
  },
  transportEntries: {
    '*.http': {
      options: {
        subscriptions: {
          kind: 'ws',
          location: '/graphql',
          options: { connectionParams: { 'x-api-key': '{context.headers.x-api-key}' } },
        },
      },
    },
  },
});
