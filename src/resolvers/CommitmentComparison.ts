/**
 * The comparison's entries, skipped commitments and resolutions link to the commitment they name: all the
 * links of one request share one inventory page of the provider (commitmentInInventory).
 */
import type {
  CommitmentComparisonEntryResolvers,
  CommitmentResolutionResolvers,
  SkippedCommitmentResolvers,
} from '../generated/graphql';
import type { Loaders } from '../loaders';
import type { ComparedIn, Commitment } from '../upstream/answers';

function commitmentNamed(
  named: ComparedIn & { commitment_id?: string | null },
  loaders: Loaders,
): Promise<Commitment> | null {
  if (!named.commitment_id) return null;
  return loaders.commitmentInInventory.load({
    orgId: named.org_id,
    provider: named.provider,
    commitmentId: named.commitment_id,
  });
}

export const CommitmentComparisonEntry: CommitmentComparisonEntryResolvers = {
  commitment: (entry, _args, { loaders }) => commitmentNamed(entry, loaders),
};

export const CommitmentResolution: CommitmentResolutionResolvers = {
  commitment: (resolution, _args, { loaders }) => commitmentNamed(resolution, loaders),
};

export const SkippedCommitment: SkippedCommitmentResolvers = {
  // A commitment Archera could not find is null here (its reason says so), not an error.
  commitment: async (skipped, _args, { loaders }) => {
    try {
      return await commitmentNamed(skipped, loaders);
    } catch {
      return null;
    }
  },
};
