import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers';
import type { GatewayContext } from '../resolvers/context';
import { guardEntityRepresentations } from './entities';
import { withCostDirectives } from './limits/cost-directives';
import { applyTolerantEnums } from '../schema/tolerant-enums';

/** schema/ at the repository root, from src/server or dist/server alike. */
export const SCHEMA_DIR = path.resolve(__dirname, '../../schema');

/** The SDL files of schema/, in a stable order, as one document. */
export function loadTypeDefs(dir = SCHEMA_DIR): DocumentNode {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort();
  return parse(files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n'));
}

/** The executable Federation 2 subgraph schema. Built once per process. */
export function buildSchema(): GraphQLSchema {
  const schema = buildSubgraphSchema({
    // The cost model as demand-control directives a router reads (@cost, @listSize).
    typeDefs: withCostDirectives(loadTypeDefs()),
    // Codegen types the resolvers for our context; the subgraph builder only knows `unknown`.
    resolvers: resolvers as GraphQLResolverMap<GatewayContext> as GraphQLResolverMap<unknown>,
  });
  applyTolerantEnums(schema);
  guardEntityRepresentations(schema);
  return schema;
}
