import type { QueryResolvers } from '../generated/graphql';
import { parseOrgId } from '../graphql/ids';
import { resolveNode } from './node';

export const Query: QueryResolvers = {
  org: (_parent, { id }) => ({ id: parseOrgId(id) }),
  node: (_parent, { id }, { loaders }) => resolveNode(id, loaders),
};
