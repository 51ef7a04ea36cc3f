/** Public surface of the Archera datasource: the shared transport, the per-request client, errors, policy. */
export { ArcheraTransport } from './transport';
export type {
  ArcheraTransportOptions,
  TransportRequest,
  TransportResponse,
  UpstreamCallEvent,
} from './transport';
export { ArcheraClient } from './client';
export type {
  ArcheraClientOptions,
  CallMiddleware,
  ClientAnswer,
  ClientCall,
  CommitmentsProvider,
  GetCommitmentComparisonArgs,
  GetCommitmentDetailsArgs,
  GetCommitmentMetricsArgs,
  GetDailyCoverageArgs,
  ListCommitmentAttributeValuesArgs,
  ListCommitmentsArgs,
  ListLineItemsArgs,
  ListResourceMatchesArgs,
  Page,
  PlanProvider,
  PostOptions,
  PurchasePartnerPlanArgs,
} from './client';
export { UpstreamError, UPSTREAM_ERROR_CODES, isUpstreamError } from './errors';
export type { UpstreamErrorCode } from './errors';
export { DEFAULT_RETRY_POLICY } from './retry';
export { DEFAULT_BREAKER_OPTIONS } from './breaker';
export type { BreakerOptions, BreakerState, BreakerStateChange } from './breaker';
export { DEFAULT_KEY_LIMITER_OPTIONS } from './limiter';
export type { KeyLimiterOptions } from './limiter';
export type { RetryPolicy, RetryTiming } from './retry';
export { isValidHeaderValue } from './http';
