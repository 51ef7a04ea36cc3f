/**
 * Apollo Client's cache for the Archera graph, configured from the schema (cache.generated.ts): possible types
 * of `Node` and `_Entity`, `Type:id` identities, value objects merged in place, and Relay pagination with the
 * right key arguments on every connection.
 */
import { InMemoryCache, type InMemoryCacheConfig } from '@apollo/client';
import { possibleTypes, typePolicies } from './cache.generated';

export function createCache(
  config: Omit<InMemoryCacheConfig, 'possibleTypes' | 'typePolicies'> = {},
): InMemoryCache {
  return new InMemoryCache({ ...config, possibleTypes, typePolicies });
}
