import {
  RecommendationStatus,
  type OrgCommitmentAttributeValuesArgs,
  type OrgCommitmentMetricsArgs,
  type OrgCommitmentsArgs,
  type OrgResolvers,
} from '../generated/graphql';
import { checkDateRange, checkListSize, filterOf, orUndefined } from '../schema/arguments';
import { connection } from '../schema/connection';
import { parseCommitmentId, parseOrgId, parsePlanId } from '../schema/ids';
import type { CommitmentListKey, MetricsKey } from '../loaders/commitments';
import { withDetailsPeriod } from './commitment-period';
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

  commitments: ({ id: orgId }, args, { loaders }) =>
    connection(loaders.commitments, inventoryOf(orgId, args), args),

  commitment: async ({ id: orgId }, { id, startDate, endDate }, { loaders }) => {
    const commitmentId = parseCommitmentId(orgId, id);
    checkDateRange(startDate, endDate);
    const commitment = await loaders.commitmentById.load({ orgId, commitmentId });
    if (!startDate && !endDate) return commitment;
    return withDetailsPeriod(commitment, {
      startDate: orUndefined(startDate),
      endDate: orUndefined(endDate),
    });
  },

  recommendationStatus: async ({ id: orgId }, { provider }, { loaders }) => {
    if (await loaders.recommendedPlan.load({ orgId, provider })) return RecommendationStatus.Available;
    const plans = await loaders.defaultPlans.load({ orgId, provider });
    return plans.some((p) => p.is_calculating)
      ? RecommendationStatus.Calculating
      : RecommendationStatus.Unavailable;
  },

  commitmentSummary: ({ id: orgId }, { provider }, { loaders }) =>
    loaders.summary.load({ orgId, provider: provider }),

  commitmentMetrics: ({ id: orgId }, args, { loaders }) => loaders.metrics.load(periodOf(orgId, args)),

  commitmentCoverage: ({ id: orgId }, args, { loaders }) => loaders.coverage.load(periodOf(orgId, args)),

  commitmentComparison: ({ id: orgId }, { provider, commitmentIds, paymentOptions }, { loaders }) => {
    if (commitmentIds) checkListSize(commitmentIds, MAX_COMPARISON_IDS, 'commitmentIds');
    return loaders.comparison.load({
      orgId,
      provider,
      commitmentIds: commitmentIds?.map((id) => parseCommitmentId(orgId, id, 'commitmentIds')),
      paymentOptions: orUndefined(paymentOptions),
    });
  },

  commitmentAttributes: ({ id: orgId }, _args, { loaders }) => loaders.attributes.load({ orgId }),

  // The values of the attribute among the commitments the same arguments would list.
  commitmentAttributeValues: ({ id: orgId }, args, { loaders }) =>
    loaders.attributeValues.load({ ...inventoryOf(orgId, args), field: args.field }),
};

/** The inventory the arguments select: provider, activity, search, facets and order (not the page). */
function inventoryOf(
  orgId: string,
  args: OrgCommitmentAttributeValuesArgs | OrgCommitmentsArgs,
): CommitmentListKey {
  return {
    orgId,
    provider: args.provider,
    onlyActive: orUndefined(args.onlyActive),
    search: orUndefined(args.search),
    filter: filterOf(args.filter),
    orderBy: orUndefined(args.orderBy),
    desc: orUndefined(args.desc),
  };
}

/** The metrics and coverage of a period: the dates checked, the filter in its canonical form. */
function periodOf(orgId: string, args: OrgCommitmentMetricsArgs): MetricsKey {
  checkDateRange(args.startDate, args.endDate);
  return {
    orgId,
    provider: args.provider,
    startDate: args.startDate,
    endDate: args.endDate,
    search: orUndefined(args.search),
    filter: filterOf(args.filter),
  };
}
