import type { PartnerPlanResolvers } from '../generated/graphql';
import { partnerPlanGlobalId } from '../schema/ids';

export const PartnerPlan: PartnerPlanResolvers = {
  id: (plan) => partnerPlanGlobalId(plan.org_id, plan.id),
  archeraId: (plan) => plan.id,
  plan: async (plan, _args, { loaders }) => (await loaders.presentedPlan(plan)) ?? null,
};
