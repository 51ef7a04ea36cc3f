import type { ResourceMatchResolvers } from '../generated/graphql';
import { resourceMatchGlobalId } from '../schema/ids';

export const ResourceMatch: ResourceMatchResolvers = {
  // The match's numbers are for the period it was asked for: so is its id (an object per period).
  id: (m) => resourceMatchGlobalId(m.org_id, m.plan_id, m.id, m.period_start, m.period_end),
  archeraId: (m) => m.id,
};
