/**
 * Per-request loaders: the only way resolvers reach upstream data. A fresh set is made for every GraphQL
 * request, so nothing fetched with one API key can be served to another.
 */
import type { ArcheraClient } from '../datasources/archera';
import { createLineItemLoaders, type LineItemLoaders } from './line-items';
import { createPlanLoaders, type PlanLoaders } from './plans';

export type Loaders = PlanLoaders & LineItemLoaders;

export function createLoaders(client: ArcheraClient): Loaders {
  return { ...createPlanLoaders(client), ...createLineItemLoaders(client) };
}
