/** The client kit for Apollo Client 4: see README, "Client kit". */
export { createCache } from './cache';
export {
  createArcheraClient,
  createArcheraLink,
  sha256,
  webSocketUrl,
  type ArcheraClientOptions,
  type ArcheraSubscriptionOptions,
} from './client';
export { entityTypes, possibleTypes, typePolicies } from './cache.generated';
export { periodDetailsTransform } from './period-details';
export { byId, rootLookupById } from './policies';
