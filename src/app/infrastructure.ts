/**
 * What the gateway keeps state and telemetry in: the logger, the metrics registry, and the shared stores
 * (Redis when REDIS_URL is set, else this process: the idempotency journal and memory caches).
 *
 * Why a factory of its own: these are built first and closed last (after everything that writes to them
 * has stopped), and whether the stores are shared between replicas is decided here, once.
 */
import pino, { type Logger } from 'pino';
import type { Config } from '../config/index';
import { JournalIdempotencyStore } from '../money/idempotency/journal-store';
import { RedisIdempotencyStore } from '../money/idempotency/redis-store';
import type { IdempotencyStore } from '../money/idempotency/types';
import { createLogger } from '../ops/logger';
import { GatewayMetrics } from '../ops/metrics';
import { MemoryCache, RedisCache, type KeyValueCache, type PrefixedKeyValueCache } from '../stores/key-value';
import { connectRedis, type Redis } from '../stores/redis';

export interface InfrastructureOptions {
  /** Default: JSON lines on stdout at config.logLevel (see stdoutLogger). */
  logger?: Logger | undefined;
  /** Default: a fresh registry with process metrics. */
  metrics?: GatewayMetrics | undefined;
}

export interface Infrastructure {
  logger: Logger;
  metrics: GatewayMetrics;
  /** The one Redis connection of this process, when REDIS_URL is set (readiness pings it). */
  redis: Redis | undefined;
  /** Idempotency records of money-moving mutations: Redis, else the journal file. */
  idempotencyStore: IdempotencyStore;
  /** Where cached upstream GETs live; undefined with RESPONSE_CACHE=off (coalescing stays on). */
  cacheBackend: PrefixedKeyValueCache | undefined;
  /** Where automatic persisted queries are shared by replicas (Redis); undefined: this process's memory. */
  persistedQueries: KeyValueCache<string> | undefined;
  /** Closes the idempotency store, then the Redis connection. */
  close(): Promise<void>;
}

/**
 * The process logger: JSON lines written to stdout synchronously. pino's default destination writes
 * asynchronously (through libuv's thread pool) and main.ts ends with process.exit(): a line still in flight
 * then lands after lines logged later (pino's exit hook writes those synchronously) or not at all, so a
 * request's "graphql request" line could follow "stopped". One write(2) per line costs a few microseconds
 * (a request costs about half a millisecond of CPU); a log reader that stops reading now holds the gateway
 * back instead of letting unwritten lines pile up in its memory.
 */
export function stdoutLogger(level: string): Logger {
  return createLogger(level, pino.destination({ dest: 1, sync: true }));
}

export function createInfrastructure(config: Config, options: InfrastructureOptions = {}): Infrastructure {
  const logger = options.logger ?? stdoutLogger(config.logLevel);
  const metrics = options.metrics ?? new GatewayMetrics();
  const redis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
  const idempotencyStore: IdempotencyStore = redis
    ? new RedisIdempotencyStore(redis)
    : new JournalIdempotencyStore(config.idempotencyJournal);
  const cacheBackend = config.responseCache ? (redis ? new RedisCache(redis) : new MemoryCache()) : undefined;
  return {
    logger,
    metrics,
    redis,
    idempotencyStore,
    cacheBackend,
    persistedQueries: redis ? new RedisCache(redis) : undefined,
    async close() {
      await idempotencyStore.close();
      redis?.disconnect();
    },
  };
}
