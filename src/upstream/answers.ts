/**
 * What the gateway may rely on in Archera's answers, as opposed to the shapes the specs describe
 * (types.ts, which the simulator produces and the probe checks). The v1 shapes are the vendor's own spec
 * and are taken as they are. The v2 partner and beta commitments shapes are our reading of the vendor's
 * prose: only their identity fields are guaranteed (endpoints.ts drops items without them); any other field
 * may be missing or null at any depth, so code reading one must say what then.
 */
import type * as Spec from './types';

/** Any field may be missing or null, at any depth. */
export type Loose<T> = T extends readonly (infer U)[]
  ? Loose<U>[]
  : T extends object
    ? { [K in keyof T]?: Loose<T[K]> | null }
    : T;

/** Only the identity fields `Kept` are guaranteed; everything else is Loose. */
export type Inferred<T, Kept extends keyof T = never> = { [K in Kept]-?: NonNullable<T[K]> } & {
  [K in Exclude<keyof T, Kept>]?: Loose<T[K]> | null;
};

/** Fields the reader sets from the request's path (endpoints.ts `fromPath`): what we asked for. */
interface OfOrg {
  org_id: string;
}

// v1 commitment plans: the vendor's spec. Line items do not carry their org upstream: the reader sets it.
export type LineItem = Spec.LineItem & OfOrg;
/** A resource match with the plan and the period it was asked for (its numbers are for that period). */
export type ResourceMatch = Spec.ResourceMatch &
  OfOrg & { plan_id: string; period_start: string; period_end: string };
export type {
  CommitmentPlan,
  CommitmentPlanStatus,
  ContractSpec,
  LineItemOrderBy,
  Offer,
  PaginationMetadata,
  Provider,
  ResourceMatchOrderBy,
  ResourceSku,
} from './types';

// v2 partner API (inferred). Partner plans carry their child org: the reader fills it from the path.
export type PartnerPlan = Inferred<Spec.PartnerPlan, 'id' | 'org_id'>;
export type PartnerPlanRisk = Loose<Spec.PartnerPlanRisk>;
export type PartnerPlanConfiguration = Loose<Spec.PartnerPlanConfiguration>;
/** Any 2xx to a purchase is a success, whatever its body: nothing of it is guaranteed. */
export type PurchaseResult = Loose<Spec.PurchaseResult>;

// beta commitments (inferred).
export type Commitment = Inferred<Spec.Commitment, 'id'> & OfOrg;
export type CommitmentDetails = Inferred<Spec.CommitmentDetails, 'id'> & OfOrg;
export type DailyUtilization = Loose<Spec.DailyUtilization>;
export type Attribution = Loose<Spec.Attribution>;
export type AttributedResource = Loose<Spec.AttributedResource>;
export type CommitmentSummary = Loose<Spec.CommitmentSummary>;
export type BreakdownByTerm = Loose<Spec.BreakdownByTerm>;
export type BreakdownByType = Loose<Spec.BreakdownByType>;
export type CommitmentMetrics = Loose<Spec.CommitmentMetrics>;
export type MetricsValues = Loose<Spec.MetricsValues>;
export type DailyMetrics = Loose<Spec.DailyMetrics>;
/**
 * The org and provider a comparison was asked for, set on the objects that name a commitment (the loader
 * sets them: the answer names neither, and a link to the commitment needs both).
 */
export interface ComparedIn {
  org_id: string;
  provider: Spec.CommitmentsProvider;
}

export type CommitmentComparisonEntry = Inferred<Spec.CommitmentComparisonEntry, 'commitment_id'> &
  ComparedIn;
export type CommitmentResolution = Loose<Spec.CommitmentResolution> & ComparedIn;
export type HypotheticalTotal = Omit<Loose<Spec.HypotheticalTotal>, 'resolutions'> & {
  resolutions?: CommitmentResolution[] | null;
};
/** Its entries and skipped commitments keep their commitment_id (the reader drops those without). */
export type CommitmentComparison = Omit<
  Loose<Spec.CommitmentComparison>,
  'data' | 'skipped_commitments' | 'hypothetical_totals'
> & {
  data?: CommitmentComparisonEntry[] | null;
  skipped_commitments?: SkippedCommitment[] | null;
  hypothetical_totals?: HypotheticalTotal[] | null;
};
export type ComparisonOption = Loose<Spec.ComparisonOption>;
export type CommitmentFinancials = Loose<Spec.CommitmentFinancials>;
export type CommitmentSavings = Loose<Spec.CommitmentSavings>;
export type SkippedCommitment = Inferred<Spec.SkippedCommitment, 'commitment_id'> & ComparedIn;
export type CommitmentAttribute = Inferred<Spec.CommitmentAttribute, 'field'>;
export type CommitmentAttributeValue = Spec.CommitmentAttributeValue;
export type CommitmentCoverage = Loose<Spec.CommitmentCoverage>;
export type DailyCoverage = Loose<Spec.DailyCoverage>;
export type { CommitmentFilter, CommitmentOrderBy, CommitmentPaymentOption } from './types';
