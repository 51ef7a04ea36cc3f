import type { CommitmentResolvers } from '../generated/graphql';
import { checkDateRange, orUndefined } from '../schema/arguments';
import { commitmentGlobalId, partsOf } from '../schema/ids';
import type { Commitment as CommitmentAnswer } from '../upstream/answers';
import type { Loaders } from '../loaders';
import type { ComparisonEntryResult } from '../loaders/commitments';
import { commitmentsProviderOf } from '../upstream/values';
import { detailsPeriodOf } from './commitment-period';

export const Commitment: CommitmentResolvers = {
  // async: a bad representation rejects its own entry only (a synchronous throw fails the whole _entities batch).
  __resolveReference: async ({ id }, { loaders }) => {
    const [orgId, commitmentId] = partsOf('Commitment', id) as [string, string];
    return loaders.commitmentById.load({ orgId, commitmentId });
  },
  id: (c) => commitmentGlobalId(c.org_id, c.id),
  archeraId: (c) => c.id,
  org: (c) => ({ id: c.org_id }),
  details: (c, args, { loaders }) => {
    // Dates asked here win; else the period of the lookup that found this commitment.
    const period = args.startDate || args.endDate ? args : detailsPeriodOf(c);
    checkDateRange(period.startDate, period.endDate);
    return loaders.commitmentDetails.load({
      orgId: c.org_id,
      commitmentId: c.id,
      startDate: orUndefined(period.startDate),
      endDate: orUndefined(period.endDate),
    });
  },
  comparison: async (c, _args, { loaders }) => (await comparisonOf(c, loaders))?.entry ?? null,
  comparisonSkippedReason: async (c, _args, { loaders }) =>
    (await comparisonOf(c, loaders))?.skippedReason ?? null,
};

/** The comparison is asked per provider: a commitment whose provider is missing or unknown has none. */
function comparisonOf(c: CommitmentAnswer, loaders: Loaders): Promise<ComparisonEntryResult> | undefined {
  const provider = commitmentsProviderOf(c.provider);
  if (provider === undefined) return undefined;
  return loaders.comparisonEntry.load({ orgId: c.org_id, provider, commitmentId: c.id });
}
