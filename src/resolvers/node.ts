import type { Loaders } from '../loaders';
import { decodeGlobalId } from '../graphql/ids';
import { badUserInput } from '../graphql/errors';
import type { CommitmentPlanModel, LineItemModel } from '../graphql/models';

export type NodeModel = CommitmentPlanModel | LineItemModel;

/** Fetches any Node by its global id, through the same loaders as every other path. */
export async function resolveNode(id: string, loaders: Loaders): Promise<NodeModel | null> {
  const decoded = decodeGlobalId(id);
  if (!decoded) throw badUserInput('Not a valid global id.', 'id');
  const { type, parts } = decoded;
  switch (type) {
    case 'CommitmentPlan': {
      const [orgId, planId] = parts as [string, string];
      return loaders.planById.load({ orgId, planId });
    }
    case 'LineItem': {
      const [orgId, planId, lineItemId] = parts as [string, string, string];
      return loaders.lineItemById.load({ orgId, planId, lineItemId });
    }
  }
}

/** Tells the Node types apart by shape: only line items carry an offer. */
export function nodeTypeName(node: NodeModel): 'CommitmentPlan' | 'LineItem' {
  return 'offer' in node ? 'LineItem' : 'CommitmentPlan';
}
