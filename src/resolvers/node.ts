import type { PurchaseModel } from '../money/payloads';
import { decodeGlobalId, purchaseOf, type NodeType } from '../schema/ids';
import { badUserInput } from '../schema/errors';
import type { Commitment, CommitmentPlan, LineItem, PartnerPlan } from '../upstream/answers';
import type { GatewayContext } from './context';

export type NodeModel = CommitmentPlan | LineItem | Commitment | PartnerPlan | PurchaseModel;

/** Models do not say their GraphQL type; resolveNode remembers it for Node.__resolveType. */
const typeNames = new WeakMap<object, NodeType>();

function tagged<T extends object>(model: T, type: NodeType): T {
  typeNames.set(model, type);
  return model;
}

/** Fetches any Node by its global id, through the same loaders as every other path. */
export async function resolveNode(
  id: string,
  { loaders, mutations }: Pick<GatewayContext, 'loaders' | 'mutations'>,
): Promise<NodeModel | null> {
  const decoded = decodeGlobalId(id);
  if (!decoded) throw badUserInput('Not a valid global id.', 'id');
  const [orgId, ownId, lineItemId] = decoded.parts as [string, string, string];
  switch (decoded.type) {
    case 'CommitmentPlan':
      return tagged(await loaders.planById.load({ orgId, planId: ownId }), 'CommitmentPlan');
    case 'LineItem':
      return tagged(await loaders.lineItemById.load({ orgId, planId: ownId, lineItemId }), 'LineItem');
    case 'Commitment':
      return tagged(await loaders.commitmentById.load({ orgId, commitmentId: ownId }), 'Commitment');
    case 'PartnerPlan': {
      const plan = await loaders.partnerPlan({ orgId, planId: ownId });
      return plan ? tagged(plan, 'PartnerPlan') : null;
    }
    case 'CommitmentPurchase': {
      // From this API key's idempotency records (24 hours): nothing is sent upstream.
      const { idempotencyKey } = purchaseOf(decoded.parts);
      const purchase = await mutations.findPurchase(orgId, idempotencyKey);
      return purchase ? tagged(purchase, 'CommitmentPurchase') : null;
    }
  }
}

/** The type a Node model was resolved as; by shape for models that reached a Node field another way. */
export function nodeTypeName(node: NodeModel): NodeType {
  const known = typeNames.get(node);
  if (known) return known;
  if ('idempotency_key' in node) return 'CommitmentPurchase';
  if ('offer' in node) return 'LineItem';
  if ('risk' in node) return 'PartnerPlan';
  if ('is_calculating' in node) return 'CommitmentPlan';
  return 'Commitment';
}
