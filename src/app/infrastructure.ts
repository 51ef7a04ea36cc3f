/**
 * What the gateway keeps state and telemetry in: the logger, the metrics registry, and the shared stores
 * (Redis when REDIS_URL is set, else this process: the idempotency journal and memory caches).
 *
 * Redis never holds a request up (stores/guarded-redis.ts: a deadline per command, a breaker on the
 * connection): reads fail open (cache and persisted-query misses), money moves fail closed (refused,
 * nothing sent). Its state goes to /metrics and to the log, one line per change; at start, the log warns
 * when Redis would not keep idempotency records across a restart.
 *
 * Why a factory of its own: these are built first and closed last (after everything that writes to them
 * has stopped), and whether the stores are shared between replicas is decided here, once.
 */
import pino, { type Logger } from 'pino';
import type { Config } from '../config/index';
import { JournalIdempotencyStore } from '../money/idempotency/journal-store';
import { RedisIdempotencyStore } from '../money/idempotency/redis-store';
import { RetryingIdempotencyStore } from '../money/idempotency/retrying-store';
import { createLogger } from '../ops/logger';
import { GatewayMetrics } from '../ops/metrics';
import type { GuardedRedis, RedisStateChange } from '../stores/guarded-redis';
import { MemoryCache, RedisCache, type KeyValueCache, type PrefixedKeyValueCache } from '../stores/key-value';
import { connectRedis, persistenceWarnings, readRedisPersistence } from '../stores/redis';

export interface InfrastructureOptions {
  /** Default: JSON lines on stdout at config.logLevel (see stdoutLogger). */
  logger?: Logger | undefined;
  /** Default: a fresh registry with process metrics. */
  metrics?: GatewayMetrics | undefined;
}

export interface Infrastructure {
  logger: Logger;
  metrics: GatewayMetrics;
  /**
   * The one Redis connection of this process, when REDIS_URL is set, behind its deadlines and breaker
   * (readiness pings it).
   */
  redis: GuardedRedis | undefined;
  /**
   * Idempotency records of money-moving mutations: Redis, else the journal file; writes after a POST that
   * the store cannot take are retried in the background.
   */
  idempotencyStore: RetryingIdempotencyStore;
  /** Where cached upstream GETs live; undefined with RESPONSE_CACHE=off (coalescing stays on). */
  cacheBackend: PrefixedKeyValueCache | undefined;
  /** Where automatic persisted queries are shared by replicas (Redis); undefined: this process's memory. */
  persistedQueries: KeyValueCache<string> | undefined;
  /** Closes the idempotency store (a last try of deferred writes), then the Redis connection. */
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
  const redis = config.redisUrl ? connectSharedRedis(config.redisUrl, logger, metrics) : undefined;
  const storeLogger = logger.child({ component: 'idempotency' });
  const idempotencyStore = new RetryingIdempotencyStore(
    redis
      ? new RedisIdempotencyStore(redis)
      : new JournalIdempotencyStore(config.idempotencyJournal, undefined, undefined, {
          onStateChange: ({ writable, reason }) => {
            if (writable) storeLogger.info({ reason }, 'idempotency journal: writable again');
            else
              storeLogger.error(
                { reason, journal: config.idempotencyJournal },
                'idempotency journal cannot be written: applies and purchases are refused (IDEMPOTENCY_STORE_UNAVAILABLE), reads keep working',
              );
          },
        }),
    { logger: storeLogger, onLost: () => metrics.observeIdempotencyWriteLost() },
  );
  metrics.gauge(
    'idempotency_pending_writes',
    'Idempotency writes waiting for the store to answer again: outcomes and releases after a POST, undos of intents whose write timed out.',
    () => idempotencyStore.pendingCount(),
  );
  metrics.gauge(
    'idempotency_store_up',
    'Whether the idempotency store (Redis or the journal) took the last call made to it: 1 yes, 0 no (applies and purchases are refused).',
    () => (idempotencyStore.isAvailable() ? 1 : 0),
  );
  const cacheBackend = config.responseCache ? (redis ? new RedisCache(redis) : new MemoryCache()) : undefined;
  return {
    logger,
    metrics,
    redis,
    idempotencyStore,
    cacheBackend,
    persistedQueries: redis ? new RedisCache(redis, 'persisted-queries') : undefined,
    async close() {
      await idempotencyStore.close();
      redis?.close();
    },
  };
}

/**
 * The Redis connection with its state in metrics and in the log (one line per change), and a warning once
 * connected when Redis would lose idempotency records on a restart or evict them.
 */
function connectSharedRedis(url: string, logger: Logger, metrics: GatewayMetrics): GuardedRedis {
  const log = logger.child({ component: 'redis' });
  const redis = connectRedis(url, {
    onStateChange: (change: RedisStateChange) => {
      metrics.setRedisState(change.state);
      const line = { redis: change };
      if (change.state === 'up') log.info(line, 'redis up');
      else if (change.state === 'failing')
        log.warn(line, 'redis failing: reads go to the upstream for what the cache misses');
      else if (change.state === 'open')
        log.error(
          line,
          'redis unavailable: nothing is sent to it until a probe answers; reads skip the cache, applies and purchases are refused',
        );
    },
    onFailure: (use, reason) => metrics.observeRedisFailure(use, reason),
  });
  metrics.setRedisState(redis.state());
  redis.client.once('ready', () => {
    void readRedisPersistence(redis).then((persistence) => {
      if (!persistence) {
        log.warn(
          'could not read Redis persistence settings (CONFIG GET refused or unavailable): make sure Redis keeps idempotency records across a restart (README, "Redis")',
        );
        return;
      }
      for (const warning of persistenceWarnings(persistence)) log.warn({ redis: persistence }, warning);
    });
  });
  return redis;
}
