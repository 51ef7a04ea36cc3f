/**
 * The 15 upstream endpoints this gateway speaks to, one entry each. The simulator routes them, the
 * datasource calls them, and tests walk this list to prove every one is served and reached.
 */
export type UpstreamFamily = 'v1' | 'v2' | 'beta';

export interface UpstreamEndpoint {
  /** Stable name used in metrics, logs and the simulator's call log. */
  readonly name: EndpointName;
  readonly method: 'GET' | 'POST';
  /** Path template exactly as in the OpenAPI spec of its family. */
  readonly path: string;
  readonly family: UpstreamFamily;
  /** Whether the response body is a page described by an X-Pagination header. */
  readonly paginated: boolean;
}

export const UPSTREAM_ENDPOINTS = [
  {
    name: 'getPlan',
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}',
    family: 'v1',
    paginated: false,
  },
  {
    name: 'applyPlan',
    method: 'POST',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}/apply',
    family: 'v1',
    paginated: false,
  },
  {
    name: 'getDefaultPlans',
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/default',
    family: 'v1',
    paginated: false,
  },
  {
    name: 'getRecommendedPlan',
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/recommended',
    family: 'v1',
    paginated: false,
  },
  {
    name: 'listLineItems',
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}/line-items',
    family: 'v1',
    paginated: true,
  },
  {
    name: 'listResourceMatches',
    method: 'GET',
    path: '/v1/org/{org_id}/commitment-plans/{plan_id}/resource-matches',
    family: 'v1',
    paginated: true,
  },
  {
    name: 'getPartnerDefaultPlans',
    method: 'GET',
    path: '/v2/org/{child_org_id}/partners/plans/default',
    family: 'v2',
    paginated: false,
  },
  {
    name: 'purchasePartnerPlan',
    method: 'POST',
    path: '/v2/org/{child_org_id}/partners/plans/purchase',
    family: 'v2',
    paginated: false,
  },
  {
    name: 'listCommitments',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments',
    family: 'beta',
    paginated: true,
  },
  {
    name: 'listCommitmentAttributes',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/attributes',
    family: 'beta',
    paginated: false,
  },
  {
    name: 'listCommitmentAttributeValues',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/attributes/{field}',
    family: 'beta',
    paginated: false,
  },
  {
    name: 'getCommitmentSummary',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/summary',
    family: 'beta',
    paginated: false,
  },
  {
    name: 'getCommitmentComparison',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/comparison',
    family: 'beta',
    paginated: false,
  },
  {
    name: 'getCommitmentMetrics',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/metrics',
    family: 'beta',
    paginated: false,
  },
  {
    name: 'getCommitmentDetails',
    method: 'GET',
    path: '/beta/v1/org/{org_id}/commitments/{commitment_id}',
    family: 'beta',
    paginated: false,
  },
] as const satisfies readonly {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  family: UpstreamFamily;
  paginated: boolean;
}[];

export type EndpointName = (typeof UPSTREAM_ENDPOINTS)[number]['name'];
