/**
 * ArcheraClient: one typed method per upstream endpoint (names as in UPSTREAM_ENDPOINTS), bound to one
 * caller's API key. Created per GraphQL request, so it is just a few fields over the shared transport.
 * Argument types come from the generated OpenAPI `paths` (no operationIds in the specs), return types from
 * src/upstream/types.ts.
 */
import type { paths as V1Paths } from '../generated/upstream/v1';
import type { paths as BetaPaths } from '../generated/upstream/beta';
import type { EndpointName } from './endpoints';
import type {
  Commitment,
  CommitmentAttribute,
  CommitmentAttributeValue,
  CommitmentComparison,
  CommitmentCoverage,
  CommitmentDetails,
  CommitmentFilter,
  CommitmentMetrics,
  CommitmentPlan,
  CommitmentSummary,
  LineItem,
  PaginationMetadata,
  PartnerPlan,
  PurchaseResult,
  ResourceMatch,
} from './answers';
import type { Loose } from './answers';
import type { PurchasePlanRequest } from './types';
import type { QueryValue } from './http';
import type { ArcheraTransport, TransportRequest } from './transport';
import { jsonQuery } from './filter';
import { isRecord, snakeCase } from './values';

export { jsonQuery };

/** What a 2xx to apply answered, as far as it could be read (null: not at all). */
export type AppliedPlan = Loose<CommitmentPlan> | null;

export interface Page<T> {
  items: T[];
  pagination: PaginationMetadata;
}

/** One upstream call as the client names it: what middleware sees and may answer itself. */
export type ClientCall = Omit<TransportRequest, 'apiKey' | 'keyFingerprint' | 'requestId' | 'signal'>;
/** What a call answers: the (tolerantly read) body and, for pages, their X-Pagination. */
export interface ClientAnswer {
  body: unknown;
  pagination?: PaginationMetadata;
}
/**
 * A step every call of a client goes through (the shared cache, the per-request concurrency cap): it may
 * answer itself or call `next`.
 */
export type CallMiddleware = (
  call: ClientCall,
  next: (call: ClientCall) => Promise<ClientAnswer>,
) => Promise<ClientAnswer>;

export interface ArcheraClientOptions {
  /** The caller's key, forwarded unchanged as x-api-key. */
  apiKey: string;
  /** keyFingerprint(apiKey), when the caller has it already (the transport needs it for every call). */
  keyFingerprint?: string;
  /** Forwarded as x-request-id so upstream logs can be joined with ours. */
  requestId?: string;
  /** Aborts in-flight calls and backoff sleeps (e.g. the GraphQL request was cancelled). */
  signal?: AbortSignal;
  /** Steps around every call, outermost first. */
  middleware?: readonly CallMiddleware[];
}

export interface PostOptions {
  /** Sent as Idempotency-Key. */
  idempotencyKey?: string;
}

type V1Query<P extends keyof V1Paths> = V1Paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;
type BetaQuery<P extends keyof BetaPaths> = BetaPaths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

type DefaultPlansQuery = V1Query<'/v1/org/{org_id}/commitment-plans/default'>;
type LineItemsQuery = V1Query<'/v1/org/{org_id}/commitment-plans/{plan_id}/line-items'>;
type ResourceMatchesQuery = V1Query<'/v1/org/{org_id}/commitment-plans/{plan_id}/resource-matches'>;
type CommitmentsQuery = BetaQuery<'/beta/v1/org/{org_id}/commitments'>;
type AttributeValuesQuery = BetaQuery<'/beta/v1/org/{org_id}/commitments/attributes/{field}'>;
type ComparisonQuery = BetaQuery<'/beta/v1/org/{org_id}/commitments/comparison'>;
type MetricsQuery = BetaQuery<'/beta/v1/org/{org_id}/commitments/metrics'>;
type DetailsQuery = BetaQuery<'/beta/v1/org/{org_id}/commitments/{commitment_id}'>;
type DailyCoverageQuery = BetaQuery<'/beta/v1/org/{org_id}/commitments/metrics/daily-coverage'>;

export type PlanProvider = DefaultPlansQuery['provider'];
export type CommitmentsProvider = CommitmentsQuery['provider'];

/** `start_date` -> `startDate`. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;
/** A query of the spec with camelCase names: the client's arguments are the spec's own parameters. */
type CamelQuery<Q> = { [K in keyof Q as K extends string ? CamelCase<K> : K]: Q[K] };
/**
 * The spec's `filter` is a JSON query parameter (`content: application/json`), which the generated types
 * can only call a string: the client takes the filter object itself and serialises it (`jsonQuery`).
 */
type WithFilter<A> = Omit<A, 'filter'> & { filter?: CommitmentFilter };

/**
 * `startDate` -> `start_date`, for every argument: the query string the spec names, in name order (the same
 * arguments always make the same URL and the same shared-cache key).
 */
function snakeQuery(args: object): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  for (const name of Object.keys(args).sort()) {
    const value = (args as Record<string, QueryValue | CommitmentFilter>)[name];
    query[snakeCase(name)] = isRecord(value) ? jsonQuery(value) : value;
  }
  return query;
}

export type ListLineItemsArgs = CamelQuery<LineItemsQuery>;
export type ListResourceMatchesArgs = CamelQuery<ResourceMatchesQuery>;
export type ListCommitmentsArgs = WithFilter<CamelQuery<CommitmentsQuery>>;
export type ListCommitmentAttributeValuesArgs = WithFilter<CamelQuery<AttributeValuesQuery>>;
export type GetCommitmentComparisonArgs = CamelQuery<ComparisonQuery>;
export type GetCommitmentMetricsArgs = WithFilter<CamelQuery<MetricsQuery>>;
export type GetDailyCoverageArgs = WithFilter<CamelQuery<DailyCoverageQuery>>;
export type GetCommitmentDetailsArgs = CamelQuery<DetailsQuery>;
export type PurchasePartnerPlanArgs = CamelQuery<PurchasePlanRequest>;

type Call = ClientCall & { endpoint: EndpointName };

export class ArcheraClient {
  private readonly send: (call: ClientCall) => Promise<ClientAnswer>;

  constructor(
    private readonly transport: ArcheraTransport,
    private readonly options: ArcheraClientOptions,
  ) {
    const last = (call: ClientCall): Promise<ClientAnswer> => this.sendUpstream(call);
    this.send = (options.middleware ?? []).reduceRight<(call: ClientCall) => Promise<ClientAnswer>>(
      (next, step) => (call) => step(call, next),
      last,
    );
  }

  // ---- v1 commitment plans ----

  getPlan(orgId: string, planId: string): Promise<CommitmentPlan> {
    return this.one({
      endpoint: 'getPlan',
      pathParams: { org_id: orgId, plan_id: planId },
    });
  }

  /** Null when Archera's 2xx answer could not be read: the apply happened all the same. */
  applyPlan(orgId: string, planId: string, options: PostOptions = {}): Promise<AppliedPlan> {
    return this.one({
      endpoint: 'applyPlan',
      pathParams: { org_id: orgId, plan_id: planId },
      ...idempotency(options),
    });
  }

  getDefaultPlans(orgId: string, provider: PlanProvider): Promise<CommitmentPlan[]> {
    return this.one({
      endpoint: 'getDefaultPlans',
      pathParams: { org_id: orgId },
      query: { provider },
    });
  }

  /** null when Archera has no recommendation for the provider (204). */
  async getRecommendedPlan(orgId: string, provider: PlanProvider): Promise<CommitmentPlan | null> {
    const res = await this.call<CommitmentPlan>({
      endpoint: 'getRecommendedPlan',
      pathParams: { org_id: orgId },
      query: { provider },
    });
    return res.body;
  }

  listLineItems(orgId: string, planId: string, args: ListLineItemsArgs = {}): Promise<Page<LineItem>> {
    return this.page({
      endpoint: 'listLineItems',
      pathParams: { org_id: orgId, plan_id: planId },
      query: snakeQuery(args),
    });
  }

  listResourceMatches(
    orgId: string,
    planId: string,
    args: ListResourceMatchesArgs,
  ): Promise<Page<ResourceMatch>> {
    return this.page({
      endpoint: 'listResourceMatches',
      pathParams: { org_id: orgId, plan_id: planId },
      query: snakeQuery(args),
    });
  }

  // ---- v2 partner API ----

  getPartnerDefaultPlans(childOrgId: string): Promise<PartnerPlan[]> {
    return this.one({
      endpoint: 'getPartnerDefaultPlans',
      pathParams: { child_org_id: childOrgId },
    });
  }

  purchasePartnerPlan(
    childOrgId: string,
    args: PurchasePartnerPlanArgs,
    options: PostOptions = {},
  ): Promise<PurchaseResult | null> {
    const body: PurchasePlanRequest = { plan_id: args.planId, confirm: args.confirm };
    return this.one({
      endpoint: 'purchasePartnerPlan',
      pathParams: { child_org_id: childOrgId },
      body,
      ...idempotency(options),
    });
  }

  // ---- beta commitments ----

  listCommitments(orgId: string, args: ListCommitmentsArgs): Promise<Page<Commitment>> {
    return this.page({
      endpoint: 'listCommitments',
      pathParams: { org_id: orgId },
      query: snakeQuery(args),
    });
  }

  listCommitmentAttributes(orgId: string): Promise<CommitmentAttribute[]> {
    return this.one({ endpoint: 'listCommitmentAttributes', pathParams: { org_id: orgId } });
  }

  listCommitmentAttributeValues(
    orgId: string,
    field: string,
    args: ListCommitmentAttributeValuesArgs,
  ): Promise<CommitmentAttributeValue[]> {
    return this.one({
      endpoint: 'listCommitmentAttributeValues',
      pathParams: { org_id: orgId, field },
      query: snakeQuery(args),
    });
  }

  getCommitmentSummary(orgId: string, provider: CommitmentsProvider): Promise<CommitmentSummary> {
    return this.one({
      endpoint: 'getCommitmentSummary',
      pathParams: { org_id: orgId },
      query: { provider },
    });
  }

  getCommitmentComparison(orgId: string, args: GetCommitmentComparisonArgs): Promise<CommitmentComparison> {
    return this.one({
      endpoint: 'getCommitmentComparison',
      pathParams: { org_id: orgId },
      query: snakeQuery(args),
    });
  }

  getCommitmentMetrics(orgId: string, args: GetCommitmentMetricsArgs): Promise<CommitmentMetrics> {
    return this.one({
      endpoint: 'getCommitmentMetrics',
      pathParams: { org_id: orgId },
      query: snakeQuery(args),
    });
  }

  getCommitmentDetails(
    orgId: string,
    commitmentId: string,
    args: GetCommitmentDetailsArgs = {},
  ): Promise<CommitmentDetails> {
    return this.one({
      endpoint: 'getCommitmentDetails',
      pathParams: { org_id: orgId, commitment_id: commitmentId },
      query: snakeQuery(args),
    });
  }

  getDailyCoverage(orgId: string, args: GetDailyCoverageArgs): Promise<CommitmentCoverage> {
    return this.one({
      endpoint: 'getDailyCoverage',
      pathParams: { org_id: orgId },
      query: snakeQuery(args),
    });
  }

  // ---- plumbing ----

  private sendUpstream(call: ClientCall): Promise<ClientAnswer> {
    const req: TransportRequest = { ...call, apiKey: this.options.apiKey };
    if (this.options.keyFingerprint !== undefined) req.keyFingerprint = this.options.keyFingerprint;
    if (this.options.requestId !== undefined) req.requestId = this.options.requestId;
    if (this.options.signal !== undefined) req.signal = this.options.signal;
    return this.transport
      .send(req)
      .then((res) => (res.pagination ? { body: res.body, pagination: res.pagination } : { body: res.body }));
  }

  private call<T>(call: Call): Promise<{ body: T | null; pagination?: PaginationMetadata }> {
    return this.send(call) as Promise<{ body: T | null; pagination?: PaginationMetadata }>;
  }

  /** The body: null only where the endpoint allows no content (204), or for a POST's unreadable answer. */
  private one<T>(call: Call): Promise<T> {
    return this.call<T>(call).then((res) => res.body as T);
  }

  private async page<T>(call: Call & { query: Record<string, QueryValue> }): Promise<Page<T>> {
    const res = await this.call<T[]>(call);
    // Both are guaranteed by the transport for endpoints declared paginated.
    return { items: res.body ?? [], pagination: res.pagination ?? {} };
  }
}

function idempotency(options: PostOptions): { idempotencyKey?: string } {
  return options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {};
}
