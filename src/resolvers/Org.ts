import type { OrgResolvers } from '../generated/graphql';
import { betaProvider, checkDateRange, checkListSize, orUndefined } from '../schema/arguments';
import { connection } from '../schema/connection';
import { parseCommitmentId, parseOrgId, parsePlanId } from '../schema/ids';
import type { CommitmentListKey } from '../loaders/commitments';
import { prefetchPlanLists } from './plan-lists';

/** Commitment ids per comparison argument (each is compared upstream). */
const MAX_COMPARISON_IDS = 500;

export const Org: OrgResolvers = {
  // async: a bad representation rejects its own entry only (a synchronous throw fails the whole _entities batch).
  __resolveReference: async ({ id }) => ({ id: parseOrgId(id) }),

  commitmentPlan: ({ id: orgId }, { id }, { loaders }, info) => {
    const planId = parsePlanId(orgId, id);
    // The plan's lists need only its id: they start now, alongside the plan.
    prefetchPlanLists(info, loaders, orgId, planId);
    return loaders.planById.load({ orgId, planId });
  },
  defaultCommitmentPlans: ({ id: orgId }, { provider }, { loaders }) =>
    loaders.defaultPlans.load({ orgId, provider }),
  recommendedCommitmentPlan: ({ id: orgId }, { provider }, { loaders }) =>
    loaders.recommendedPlan.load({ orgId, provider }),
  partnerPlans: ({ id: orgId }, _args, { loaders }) => loaders.partnerPlans.load({ orgId }),

  commitments: ({ id: orgId }, args, { loaders }) => {
    const list: CommitmentListKey = {
      orgId,
      provider: betaProvider(args.provider),
      onlyActive: orUndefined(args.onlyActive),
      search: orUndefined(args.search),
      orderBy: orUndefined(args.orderBy),
      desc: orUndefined(args.desc),
    };
    return connection(loaders.commitments, list, args);
  },

  commitment: async ({ id: orgId }, { id, startDate, endDate }, { loaders }) => {
    const commitmentId = parseCommitmentId(orgId, id);
    checkDateRange(startDate, endDate);
    if (!startDate && !endDate) return loaders.commitmentById.load({ orgId, commitmentId });
    // With a period, the details of that period are the lookup (and serve `details` with the same period).
    const details = await loaders.commitmentDetails.load({
      orgId,
      commitmentId,
      startDate: orUndefined(startDate),
      endDate: orUndefined(endDate),
    });
    return details;
  },

  commitmentSummary: ({ id: orgId }, { provider }, { loaders }) =>
    loaders.summary.load({ orgId, provider: betaProvider(provider) }),

  commitmentMetrics: ({ id: orgId }, { provider, startDate, endDate, search }, { loaders }) => {
    checkDateRange(startDate, endDate);
    return loaders.metrics.load({
      orgId,
      provider: betaProvider(provider),
      startDate,
      endDate,
      search: orUndefined(search),
    });
  },

  commitmentComparison: ({ id: orgId }, { provider, commitmentIds, paymentOptions }, { loaders }) => {
    if (commitmentIds) checkListSize(commitmentIds, MAX_COMPARISON_IDS, 'commitmentIds');
    return loaders.comparison.load({
      orgId,
      provider: betaProvider(provider),
      commitmentIds: commitmentIds?.map((id) => parseCommitmentId(orgId, id, 'commitmentIds')),
      paymentOptions: orUndefined(paymentOptions),
    });
  },

  commitmentAttributes: ({ id: orgId }, _args, { loaders }) => loaders.attributes.load({ orgId }),

  commitmentAttributeValues: ({ id: orgId }, { field, provider, onlyActive, search }, { loaders }) =>
    loaders.attributeValues.load({
      orgId,
      field,
      provider: betaProvider(provider),
      onlyActive: orUndefined(onlyActive),
      search: orUndefined(search),
    }),
};
