import type { OrgResolvers } from '../generated/graphql';
import { parseOrgId, parsePlanId } from '../graphql/ids';

export const Org: OrgResolvers = {
  __resolveReference: ({ id }) => ({ id: parseOrgId(id) }),
  commitmentPlan: ({ id: orgId }, { id }, { loaders }) =>
    loaders.planById.load({ orgId, planId: parsePlanId(orgId, id) }),
  defaultCommitmentPlans: ({ id: orgId }, { provider }, { loaders }) => loaders.defaultPlans.load({ orgId, provider }),
};
