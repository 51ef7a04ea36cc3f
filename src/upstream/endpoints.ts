/**
 * The 16 upstream endpoints, each declared once. Everything else reads this table: the client (method,
 * path), the transport (body shape, pagination, 204, identity, fields filled from the path), the shared
 * cache (TTL), the cost model (calls, page size), the drift checker and the probe (method and path: the
 * spec operation they check and call), and the simulator (its handler list is a Record over these names,
 * so a missing handler fails to compile).
 *
 * Adding an endpoint: an entry here, the operation in its openapi/ spec (then `npm run generate`), a client
 * method, the SDL and a resolver, a simulator handler, and tests (README "Adding an endpoint").
 */
export type UpstreamFamily = 'v1' | 'v2' | 'beta';

/**
 * Where our knowledge of the response comes from: the vendor's own OpenAPI spec (v1), or our reading of the
 * vendor's prose (v2 partner, beta commitments). The graph promises non-null only for what the vendor's spec
 * promises, or what the gateway guarantees itself (identities).
 */
export type SpecSource = 'vendor' | 'inferred';

/**
 * Top-level shape of a 2xx body: one object, a list of objects, a page of objects (a list described by an
 * X-Pagination header), or a list of scalar values.
 */
export type BodyShape = 'object' | 'list' | 'page' | 'values';

export interface EndpointDefinition {
  readonly method: 'GET' | 'POST';
  /** Path template exactly as in the OpenAPI spec of its family. */
  readonly path: string;
  readonly family: UpstreamFamily;
  readonly body: BodyShape;
  /** Largest page_size the endpoint accepts ('page' bodies only). */
  readonly maxPageSize?: number;
  /** 204 No Content is a valid answer (no such resource right now); read as null. */
  readonly noContent?: boolean;
  /**
   * Fields the gateway cannot work without, as paths in the body (`id` on an object body, `[].id` on each
   * item of a list, `data[].commitment_id` on the items of a nested list). An item of a list without them
   * is dropped (and counted as drift); an object body without them is an upstream error. Nothing else of an
   * answer is required: a missing or unexpected value costs only its own field.
   */
  readonly identity: readonly string[];
  /**
   * Fields set on every object (or item) of the body from the request's path parameters (field -> path
   * parameter): the graph builds global ids from them, so they mean what we asked for, whatever the answer
   * says or omits.
   */
  readonly fromPath?: Readonly<Record<string, string>>;
  /**
   * Likewise from the request's query parameters (field -> query parameter): the period a resource match's
   * numbers are for, which its id must carry.
   */
  readonly fromQuery?: Readonly<Record<string, string>>;
  /**
   * An answer holding an object with this field true is never cached: a plan still calculating changes
   * from one read to the next, and a UI polling it must see that.
   */
  readonly uncachedWhile?: string;
  /** How long a 2xx answer may be served from the shared cache (GETs only; absent: never cached). */
  readonly cacheTtlMs?: number;
  /** Weight of one call in the cost model (every call costs 1 today). */
  readonly cost: number;
}

/** Identity + type inference: the table's literal types stay visible to its readers. */
function defineEndpoint<const E extends EndpointDefinition>(definition: E): E {
  return definition;
}

const PLAN_FROM_PATH = { org_id: 'org_id' } as const;
const PLAN_UNCACHED_WHILE = 'is_calculating';
const SECONDS = 1000;
const MINUTES = 60 * SECONDS;

export const ENDPOINTS = {
  // ---- v1 commitment plans (the vendor's spec) ----
  getPlan: defineEndpoint({
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}',
    family: 'v1',
    body: 'object',
    identity: ['id'],
    fromPath: PLAN_FROM_PATH,
    uncachedWhile: PLAN_UNCACHED_WHILE,
    cacheTtlMs: 30 * SECONDS,
    cost: 1,
  }),
  applyPlan: defineEndpoint({
    method: 'POST',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}/apply',
    family: 'v1',
    body: 'object',
    // Any 2xx is success (the plan was applied): nothing of the answer is required.
    identity: [],
    fromPath: PLAN_FROM_PATH,
    cost: 1,
  }),
  getDefaultPlans: defineEndpoint({
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/default',
    family: 'v1',
    body: 'list',
    identity: ['[].id'],
    fromPath: PLAN_FROM_PATH,
    uncachedWhile: PLAN_UNCACHED_WHILE,
    cacheTtlMs: 30 * SECONDS,
    cost: 1,
  }),
  getRecommendedPlan: defineEndpoint({
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/recommended',
    family: 'v1',
    body: 'object',
    noContent: true,
    identity: ['id'],
    fromPath: PLAN_FROM_PATH,
    uncachedWhile: PLAN_UNCACHED_WHILE,
    cacheTtlMs: 30 * SECONDS,
    cost: 1,
  }),
  listLineItems: defineEndpoint({
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}/line-items',
    family: 'v1',
    body: 'page',
    maxPageSize: 100,
    identity: ['[].id'],
    // Line items do not carry their org upstream; their global id needs it.
    fromPath: { org_id: 'org_id', plan_id: 'plan_id' },
    cacheTtlMs: 30 * SECONDS,
    cost: 1,
  }),
  listResourceMatches: defineEndpoint({
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}/resource-matches',
    family: 'v1',
    body: 'page',
    maxPageSize: 100,
    identity: ['[].id'],
    // A match's numbers are for the requested period: its id in the graph carries the plan and the period.
    fromPath: { org_id: 'org_id', plan_id: 'plan_id' },
    fromQuery: { period_start: 'start_date', period_end: 'end_date' },
    cacheTtlMs: 5 * MINUTES,
    cost: 1,
  }),

  // ---- v2 partner API (inferred from prose) ----
  getPartnerDefaultPlans: defineEndpoint({
    method: 'GET',
    path: '/v2/org/{child_org_id}/partners/plans/default',
    family: 'v2',
    body: 'list',
    identity: ['[].id'],
    fromPath: { org_id: 'child_org_id' },
    cacheTtlMs: 30 * SECONDS,
    cost: 1,
  }),
  purchasePartnerPlan: defineEndpoint({
    method: 'POST',
    path: '/v2/org/{child_org_id}/partners/plans/purchase',
    family: 'v2',
    body: 'object',
    // Any 2xx is success (the purchase was accepted): nothing of the answer is required.
    identity: [],
    cost: 1,
  }),

  // ---- beta commitments (inferred from prose) ----
  listCommitments: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments',
    family: 'beta',
    body: 'page',
    maxPageSize: 10_000,
    identity: ['[].id'],
    fromPath: { org_id: 'org_id' },
    cacheTtlMs: 1 * MINUTES,
    cost: 1,
  }),
  listCommitmentAttributes: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/attributes',
    family: 'beta',
    body: 'list',
    identity: ['[].field'],
    cacheTtlMs: 10 * MINUTES,
    cost: 1,
  }),
  listCommitmentAttributeValues: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/attributes/{field}',
    family: 'beta',
    body: 'values',
    identity: [],
    cacheTtlMs: 5 * MINUTES,
    cost: 1,
  }),
  getCommitmentSummary: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/summary',
    family: 'beta',
    body: 'object',
    identity: [],
    cacheTtlMs: 5 * MINUTES,
    cost: 1,
  }),
  getCommitmentComparison: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/comparison',
    family: 'beta',
    body: 'object',
    // The gateway splits a batched answer back per commitment by these.
    identity: ['data[].commitment_id', 'skipped_commitments[].commitment_id'],
    cacheTtlMs: 5 * MINUTES,
    cost: 1,
  }),
  getCommitmentMetrics: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/metrics',
    family: 'beta',
    body: 'object',
    identity: [],
    cacheTtlMs: 10 * MINUTES,
    cost: 1,
  }),
  getCommitmentDetails: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/{commitment_id}',
    family: 'beta',
    body: 'object',
    identity: ['id'],
    fromPath: { org_id: 'org_id' },
    cacheTtlMs: 5 * MINUTES,
    cost: 1,
  }),
  // Named by the docs only ("the /metrics/daily-coverage endpoint for coverage trends"): path and shape are
  // our guess (openapi/archera-beta-commitments.openapi.json).
  getDailyCoverage: defineEndpoint({
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/metrics/daily-coverage',
    family: 'beta',
    body: 'object',
    identity: [],
    cacheTtlMs: 10 * MINUTES,
    cost: 1,
  }),
} as const satisfies Record<string, EndpointDefinition>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The endpoints whose answers are pages (X-Pagination); each declares its largest page size. */
export type PagedEndpoint = {
  [E in EndpointName]: (typeof ENDPOINTS)[E] extends { body: 'page' } ? E : never;
}[EndpointName];

/**
 * An endpoint with its name, as the transport, logs and metrics use it, and where our knowledge of its
 * answer comes from (derived: only the v1 family has the vendor's own spec).
 */
export type UpstreamEndpoint = EndpointDefinition & {
  readonly name: EndpointName;
  readonly spec: SpecSource;
};

/** The table as a list, in declaration order. */
export const UPSTREAM_ENDPOINTS: readonly UpstreamEndpoint[] = (Object.keys(ENDPOINTS) as EndpointName[]).map(
  (name) => ({ name, spec: ENDPOINTS[name].family === 'v1' ? 'vendor' : 'inferred', ...ENDPOINTS[name] }),
);

const BY_NAME = new Map<string, UpstreamEndpoint>(UPSTREAM_ENDPOINTS.map((e) => [e.name, e]));

/** The declaration of an endpoint, by name; undefined for a name that is not in the table. */
export function endpointNamed(name: string): UpstreamEndpoint | undefined {
  return BY_NAME.get(name);
}
