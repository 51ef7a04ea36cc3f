// GraphQL Mesh composition of the vendor's v1 spec (the copy written by prepare-spec.mjs), for bench/ only.
// The upstream URL is read at run time from ARCHERA_API_URL; the caller's x-api-key is forwarded.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  output: '../results/mesh/supergraph.graphql',
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Archera', {
        source: '../results/mesh/archera-v1.nullable.openapi.json',
        endpoint: '{env.ARCHERA_API_URL}',
        operationHeaders: { 'x-api-key': '{context.headers.x-api-key}' },
      }),
    },
  ],
});
