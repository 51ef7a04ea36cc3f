// Hive Gateway in front of our subgraph, configured as a team running it would: the caller's API key goes
// on to every subgraph (queries over HTTP, subscriptions over graphql-ws on the subgraph's /graphql, the key
// in connection_init), @defer and @stream on, logs off. The supergraph comes from the command line.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  logging: false,
  landingPage: false,
  graphiql: false,
  deferStream: true,
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
