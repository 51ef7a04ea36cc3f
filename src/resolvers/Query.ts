import type { QueryResolvers } from '../generated/graphql';
import { checkListSize } from '../schema/arguments';
import { parseOrgId } from '../schema/ids';
import { resolveNode, type NodeModel } from './node';

/** Ids per `orgs` / `nodes` call. */
export const MAX_IDS_PER_CALL = 100;

export const Query: QueryResolvers = {
  org: (_parent, { id }) => ({ id: parseOrgId(id) }),
  orgs: (_parent, { ids }) => {
    checkListSize(ids, MAX_IDS_PER_CALL, 'ids');
    return ids.map((id) => ({ id: parseOrgId(id) }));
  },
  node: (_parent, { id }, ctx) => resolveNode(id, ctx),
  nodes: (_parent, { ids }, ctx) => {
    checkListSize(ids, MAX_IDS_PER_CALL, 'ids');
    // graphql-js awaits each item on its own, so one unresolvable id is null with its own error while the
    // others resolve; the generated type only knows plain lists.
    return ids.map((id) => resolveNode(id, ctx)) as unknown as Array<NodeModel | null>;
  },
};
