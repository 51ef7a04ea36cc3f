/**
 * Per-request loaders: the only way resolvers reach upstream data. A fresh set is made for every GraphQL
 * request, so nothing fetched with one API key can be served to another. Every upstream call of a request
 * goes through one concurrency limiter (bounded fan-out, e.g. `orgs(ids:)` over many child orgs).
 */
import type { ArcheraClient } from '../upstream';
import { createCommitmentLoaders, type CommitmentLoaders } from './commitments';
import type { LoaderMode } from './keyed-loader';
import { ConcurrencyLimiter, limitCalls } from './limiter';
import { createLineItemLoaders, type LineItemLoaders } from './line-items';
import { createPlanLoaders, type PlanLoaders } from './plans';
import { createResourceMatchLoaders, type ResourceMatchLoaders } from './resource-matches';

export type Loaders = PlanLoaders & LineItemLoaders & ResourceMatchLoaders & CommitmentLoaders;

/** Upstream calls one GraphQL request may have in flight at once. */
export const MAX_UPSTREAM_CALLS_IN_FLIGHT_PER_REQUEST = 16;

/**
 * ARCHERA_LOADERS=naive turns dedup and batching off (every resolver call is its own upstream call). It
 * exists only so bench/ can measure what the loaders save; never use it in production.
 */
const DEFAULT_MODE: LoaderMode = process.env.ARCHERA_LOADERS === 'naive' ? 'naive' : 'per-request';

export function createLoaders(client: ArcheraClient, mode: LoaderMode = DEFAULT_MODE): Loaders {
  const limited = limitCalls(client, new ConcurrencyLimiter(MAX_UPSTREAM_CALLS_IN_FLIGHT_PER_REQUEST));
  return {
    ...createPlanLoaders(limited, mode),
    ...createLineItemLoaders(limited, mode),
    ...createResourceMatchLoaders(limited, mode),
    ...createCommitmentLoaders(limited, mode),
  };
}
