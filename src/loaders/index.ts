/**
 * Per-request loaders: the only way resolvers reach upstream data. A fresh set is made for every GraphQL
 * request over that request's client, so nothing fetched with one API key can be served to another.
 */
import type { ArcheraClient } from '../upstream';
import { createCommitmentLoaders, type CommitmentLoaders } from './commitments';
import type { LoaderMode } from './keyed-loader';
import { createLineItemLoaders, type LineItemLoaders } from './line-items';
import { createPlanLoaders, type PlanLoaders } from './plans';
import { createResourceMatchLoaders, type ResourceMatchLoaders } from './resource-matches';

export type Loaders = PlanLoaders & LineItemLoaders & ResourceMatchLoaders & CommitmentLoaders;

/**
 * ARCHERA_LOADERS=naive turns dedup and batching off (every resolver call is its own upstream call). It
 * exists only so bench/ can measure what the loaders save; never use it in production.
 */
const DEFAULT_MODE: LoaderMode = process.env.ARCHERA_LOADERS === 'naive' ? 'naive' : 'per-request';

export function createLoaders(client: ArcheraClient, mode: LoaderMode = DEFAULT_MODE): Loaders {
  return {
    ...createPlanLoaders(client, mode),
    ...createLineItemLoaders(client, mode),
    ...createResourceMatchLoaders(client, mode),
    ...createCommitmentLoaders(client, mode),
  };
}
