import { GraphQLError } from 'graphql';
import type { SubscriptionResolvers } from '../generated/graphql';
import { parseOrgId, parsePartnerPlanId, parsePlanId } from '../schema/ids';
import type { LivePlans } from './context';

function live(plans: LivePlans | undefined): LivePlans {
  if (!plans) {
    throw new GraphQLError('Subscriptions run over WebSocket (graphql-ws) on /graphql.', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return plans;
}

export const Subscription: SubscriptionResolvers = {
  commitmentPlanUpdated: {
    subscribe: (_parent, { orgId, planId }, ctx) => {
      const org = parseOrgId(orgId);
      return live(ctx.live).commitmentPlan(org, parsePlanId(org, planId, 'planId'));
    },
    resolve: (plan: unknown) => plan as never,
  },
  partnerPlanUpdated: {
    subscribe: (_parent, { orgId, planId }, ctx) => {
      const org = parseOrgId(orgId);
      return live(ctx.live).partnerPlan(org, parsePartnerPlanId(org, planId));
    },
    resolve: (plan: unknown) => plan as never,
  },
};
