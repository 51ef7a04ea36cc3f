import type { CommitmentResolvers } from '../generated/graphql';
import { checkDateRange, orUndefined } from '../graphql/arguments';
import { badUserInput } from '../graphql/errors';
import { commitmentGlobalId, decodeGlobalId } from '../graphql/ids';

export const Commitment: CommitmentResolvers = {
  __resolveReference: async ({ id }, { loaders }) => {
    const decoded = decodeGlobalId(id);
    if (decoded?.type !== 'Commitment') throw badUserInput('Not a Commitment global id.', 'id');
    const [orgId, commitmentId] = decoded.parts as [string, string];
    return loaders.commitmentById.load({ orgId, commitmentId });
  },
  id: (c) => commitmentGlobalId(c.org_id, c.id),
  archeraId: (c) => c.id,
  org: (c) => ({ id: c.org_id }),
  details: (c, { startDate, endDate }, { loaders }) => {
    checkDateRange(startDate, endDate);
    return loaders.commitmentDetails.load({
      orgId: c.org_id,
      commitmentId: c.id,
      startDate: orUndefined(startDate),
      endDate: orUndefined(endDate),
    });
  },
  comparison: async (c, _args, { loaders }) =>
    (await loaders.comparisonEntry.load({ orgId: c.org_id, provider: c.provider, commitmentId: c.id })).entry,
  comparisonSkippedReason: async (c, _args, { loaders }) =>
    (await loaders.comparisonEntry.load({ orgId: c.org_id, provider: c.provider, commitmentId: c.id }))
      .skippedReason,
};
