import type {
  ApplyCommitmentPlanPayloadResolvers,
  MutationResolvers,
  PurchaseCommitmentPlanPayloadResolvers,
} from '../generated/graphql';

export const Mutation: MutationResolvers = {
  applyCommitmentPlan: (_parent, { input }, { mutations }) => mutations.apply(input),
  purchaseCommitmentPlan: (_parent, { input }, { mutations }) => mutations.purchase(input),
};

export const PurchaseCommitmentPlanPayload: PurchaseCommitmentPlanPayloadResolvers = {
  plan: async ({ orgId, planId }, _args, { loaders }) =>
    orgId && planId
      ? ((await loaders.partnerPlans.load({ orgId })).find((p) => p.id === planId) ?? null)
      : null,
};

export const ApplyCommitmentPlanPayload: ApplyCommitmentPlanPayloadResolvers = {
  plan: ({ orgId, planId, applied }, _args, { loaders }) =>
    applied && orgId && planId ? loaders.planById.load({ orgId, planId }) : null,
};
