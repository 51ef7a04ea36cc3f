import DataLoader from 'dataloader';
import type { ArcheraClient, CommitmentsProvider } from '../upstream';
import type {
  Commitment,
  CommitmentAttribute,
  CommitmentAttributeValue,
  CommitmentComparison,
  CommitmentComparisonEntry,
  CommitmentCoverage,
  CommitmentDetails,
  CommitmentFilter,
  CommitmentMetrics,
  CommitmentOrderBy,
  CommitmentPaymentOption,
  CommitmentSummary,
} from '../upstream/answers';
import { dataLoaderOptions, perKeyLoaderFor, toError, type LoaderMode } from './keyed-loader';
import { ListingIndex } from './listing-index';
import { pagedList, type PagedList } from './paged-list';
import { ENDPOINTS } from '../upstream/endpoints';

/** Commitment ids per comparison call: keeps the query string well under common URL limits. */
export const COMPARISON_MAX_BATCH = 100;

export interface CommitmentListKey {
  orgId: string;
  provider: CommitmentsProvider;
  onlyActive?: boolean | undefined;
  search?: string | undefined;
  filter?: CommitmentFilter | undefined;
  orderBy?: CommitmentOrderBy | undefined;
  desc?: boolean | undefined;
}
export interface CommitmentKey {
  orgId: string;
  commitmentId: string;
}
export interface CommitmentDetailsKey extends CommitmentKey {
  startDate?: string | undefined;
  endDate?: string | undefined;
}
export interface ComparisonEntryKey extends CommitmentKey {
  provider: CommitmentsProvider;
}
export interface ComparisonEntryResult {
  entry: CommitmentComparisonEntry | null;
  skippedReason: string | null;
}
export interface ComparisonKey {
  orgId: string;
  provider: CommitmentsProvider;
  commitmentIds?: string[] | undefined;
  paymentOptions?: CommitmentPaymentOption[] | undefined;
}
export interface SummaryKey {
  orgId: string;
  provider: CommitmentsProvider;
}
export interface MetricsKey extends SummaryKey {
  startDate: string;
  endDate: string;
  search?: string | undefined;
  filter?: CommitmentFilter | undefined;
}
/** An attribute's values among the commitments of an inventory list. */
export interface AttributeValuesKey extends CommitmentListKey {
  field: string;
}

export interface InventoryCommitmentKey extends CommitmentKey {
  provider: CommitmentsProvider;
}

/** Largest inventory page the endpoint serves: one call holds every commitment of a provider (or 10 000). */
const INVENTORY_PAGE = ENDPOINTS.listCommitments.maxPageSize;

export interface CommitmentLoaders {
  /** Inventory pages (GET /beta/.../commitments); every row primes `commitmentById`. */
  commitments: PagedList<CommitmentListKey, Commitment>;
  /**
   * A commitment by id: served from an inventory page of this request when one held it, else from the
   * details endpoint (no dates), which also primes `commitmentDetails`.
   */
  commitmentById: DataLoader<CommitmentKey, Commitment, string>;
  /**
   * A commitment named by another answer that knows its provider (a comparison's entries): every such
   * lookup of a tick shares ONE inventory page of the provider (all commitments, active or not), then falls
   * back to `commitmentById` for any it does not hold. A comparison of 100 commitments links them in one call.
   */
  commitmentInInventory: DataLoader<InventoryCommitmentKey, Commitment, string>;
  /** GET /beta/.../commitments/{id}?start_date&end_date: one call per (commitment, period); no batch endpoint. */
  commitmentDetails: DataLoader<CommitmentDetailsKey, CommitmentDetails, string>;
  /**
   * One commitment's offer alternatives. Batches for real: the comparison endpoint takes a list of
   * commitment_ids and answers per commitment, so every commitment asked in a tick (e.g. all rows of a
   * page) costs one call per (org, provider), split back by commitment_id.
   */
  comparisonEntry: DataLoader<ComparisonEntryKey, ComparisonEntryResult, string>;
  /** The whole comparison (Org.commitmentComparison): one call per distinct argument set. */
  comparison: DataLoader<ComparisonKey, CommitmentComparison, string>;
  summary: DataLoader<SummaryKey, CommitmentSummary, string>;
  metrics: DataLoader<MetricsKey, CommitmentMetrics, string>;
  /** GET .../commitments/metrics/daily-coverage (inferred endpoint): one call per argument set. */
  coverage: DataLoader<MetricsKey, CommitmentCoverage, string>;
  attributes: DataLoader<{ orgId: string }, CommitmentAttribute[], string>;
  attributeValues: DataLoader<AttributeValuesKey, CommitmentAttributeValue[], string>;
}

/**
 * Sets the org and provider the comparison was asked for on the objects that name a commitment, so the
 * graph can link them to it (the answer names neither). They are this request's own parsed objects.
 */
function comparedIn(
  answer: CommitmentComparison,
  orgId: string,
  provider: CommitmentsProvider,
): CommitmentComparison {
  const scope = { org_id: orgId, provider };
  for (const entry of answer.data ?? []) Object.assign(entry, scope);
  for (const skipped of answer.skipped_commitments ?? []) Object.assign(skipped, scope);
  for (const total of answer.hypothetical_totals ?? []) {
    for (const resolution of total.resolutions ?? []) Object.assign(resolution, scope);
  }
  return answer;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function createCommitmentLoaders(
  client: ArcheraClient,
  mode: LoaderMode = 'per-request',
): CommitmentLoaders {
  const perKey = perKeyLoaderFor(mode);
  const commitmentDetails = perKey<CommitmentDetailsKey, CommitmentDetails>(
    ({ orgId, commitmentId, startDate, endDate }) =>
      client.getCommitmentDetails(orgId, commitmentId, { startDate, endDate }),
  );
  // A commitment on an inventory page of this request serves lookups by id (node(id:), entities).
  const listed = new ListingIndex<CommitmentKey, Commitment>(mode === 'per-request');
  const commitmentById = perKey<CommitmentKey, Commitment>(({ orgId, commitmentId }) =>
    // Else the details answer: the commitment with more fields (and its org, set from the path).
    listed.lookup({ orgId, commitmentId }, () => commitmentDetails.load({ orgId, commitmentId })),
  );
  const commitments = pagedList<CommitmentListKey, Commitment>(
    'listCommitments',
    ({ orgId, ...query }) =>
      listed.track(client.listCommitments(orgId, query), (page) =>
        page.items.map((row): [CommitmentKey, Commitment] => [{ orgId, commitmentId: row.id }, row]),
      ),
    mode,
  );

  const comparisonEntry = new DataLoader<ComparisonEntryKey, ComparisonEntryResult, string>(
    async (keys) => {
      const results = new Map<string, ComparisonEntryResult | Error>();
      const groups = groupBy(keys, (k) => `${k.orgId}:${k.provider}`);
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const { orgId, provider } = group[0]!;
          const ids = [...new Set(group.map((k) => k.commitmentId))];
          try {
            const answer = comparedIn(
              await client.getCommitmentComparison(orgId, { provider, commitmentIds: ids }),
              orgId,
              provider,
            );
            // A missing list means none of that kind (an inferred shape: the reader keeps what it can).
            const entries = new Map((answer.data ?? []).map((e) => [e.commitment_id, e]));
            const skipped = new Map(
              (answer.skipped_commitments ?? []).map((s) => [s.commitment_id, s.reason ?? null]),
            );
            for (const id of ids) {
              results.set(`${orgId}:${provider}:${id}`, {
                entry: entries.get(id) ?? null,
                skippedReason: skipped.get(id) ?? null,
              });
            }
          } catch (err) {
            for (const id of ids) results.set(`${orgId}:${provider}:${id}`, toError(err));
          }
        }),
      );
      return keys.map((k) => results.get(`${k.orgId}:${k.provider}:${k.commitmentId}`)!);
    },
    dataLoaderOptions(mode, COMPARISON_MAX_BATCH),
  );

  const commitmentInInventory = new DataLoader<InventoryCommitmentKey, Commitment, string>(async (keys) => {
    const pages = new Map<string, Promise<Map<string, Commitment>>>();
    const inventory = (orgId: string, provider: CommitmentsProvider): Promise<Map<string, Commitment>> => {
      const key = `${orgId}:${provider}`;
      let page = pages.get(key);
      if (!page) {
        page = commitments
          .window({ orgId, provider, onlyActive: false }, 0, INVENTORY_PAGE)
          .then((w) => new Map(w.items.map((c) => [c.id, c])));
        pages.set(key, page);
      }
      return page;
    };
    return Promise.all(
      keys.map(async ({ orgId, provider, commitmentId }) => {
        try {
          const found = (await inventory(orgId, provider)).get(commitmentId);
          return found ?? (await commitmentById.load({ orgId, commitmentId }));
        } catch (err) {
          return toError(err);
        }
      }),
    );
  }, dataLoaderOptions(mode));

  return {
    commitments,
    commitmentById,
    commitmentInInventory,
    commitmentDetails,
    comparisonEntry,
    comparison: perKey<ComparisonKey, CommitmentComparison>(async ({ orgId, ...args }) =>
      comparedIn(await client.getCommitmentComparison(orgId, args), orgId, args.provider),
    ),
    summary: perKey<SummaryKey, CommitmentSummary>(({ orgId, provider }) =>
      client.getCommitmentSummary(orgId, provider),
    ),
    metrics: perKey<MetricsKey, CommitmentMetrics>(({ orgId, ...args }) =>
      client.getCommitmentMetrics(orgId, args),
    ),
    coverage: perKey<MetricsKey, CommitmentCoverage>(({ orgId, ...args }) =>
      client.getDailyCoverage(orgId, args),
    ),
    attributes: perKey<{ orgId: string }, CommitmentAttribute[]>(({ orgId }) =>
      client.listCommitmentAttributes(orgId),
    ),
    attributeValues: perKey<AttributeValuesKey, CommitmentAttributeValue[]>(({ orgId, field, ...args }) =>
      client.listCommitmentAttributeValues(orgId, field, args),
    ),
  };
}
