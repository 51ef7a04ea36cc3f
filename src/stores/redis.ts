/**
 * One Redis connection per process for the shared stores (idempotency records, response cache, persisted
 * queries) when REDIS_URL is set. Commands fail fast instead of queueing forever while Redis is down.
 */
import { Redis } from 'ioredis';

export function connectRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 2_000,
    // Keys of this gateway live under one prefix, so one Redis can serve other tools too.
    keyPrefix: 'archera-graphql:',
  });
}

export type { Redis };
