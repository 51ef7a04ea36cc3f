import type {
  ApplyCommitmentPlanPayloadResolvers,
  CommitmentPurchaseResolvers,
  MutationResolvers,
  PurchaseCommitmentPlanPayloadResolvers,
} from '../generated/graphql';
import { purchaseGlobalId } from '../schema/ids';

export const Mutation: MutationResolvers = {
  applyCommitmentPlan: (_parent, { input }, { mutations }) => mutations.apply(input),
  purchaseCommitmentPlan: (_parent, { input }, { mutations }) => mutations.purchase(input),
};

export const PurchaseCommitmentPlanPayload: PurchaseCommitmentPlanPayloadResolvers = {
  org: ({ orgId }) => (orgId ? { id: orgId } : null),
  plan: async ({ orgId, planId }, _args, { loaders }) =>
    orgId && planId ? ((await loaders.partnerPlan({ orgId, planId })) ?? null) : null,
};

export const ApplyCommitmentPlanPayload: ApplyCommitmentPlanPayloadResolvers = {
  // After an apply this request reads fresh (never from a cache): the plan as it is now.
  plan: ({ orgId, planId, applied }, _args, { loaders }) =>
    applied && orgId && planId ? loaders.planById.load({ orgId, planId }) : null,
  org: ({ orgId }) => (orgId ? { id: orgId } : null),
};

export const CommitmentPurchase: CommitmentPurchaseResolvers = {
  id: (purchase) => purchaseGlobalId(purchase.org_id, purchase.idempotency_key),
};
