/**
 * Configuration from the environment (README, "Configuration"). Every problem is reported as one clear
 * line, before anything starts.
 */
import { loadSecurityLimits, type SecurityLimits } from './limits';
import { loadSubscriptionSettings, type SubscriptionSettings } from './subscriptions';
import { loadTrustedDocuments, type TrustedDocuments } from './trusted-documents';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Config {
  port: number;
  /** Upstream base URL; undefined means "start the embedded simulator". */
  archeraApiUrl: string | undefined;
  /** Server-side key, used only for requests that carry none. */
  archeraApiKey: string | undefined;
  archeraTimeoutMs: number;
  /** Money-moving mutations against a real upstream need this (simulator mode: always on). */
  enablePurchases: boolean;
  /** ARCHERA_SERVER_KEY_PURCHASES: the server key may apply and purchase for requests without a key. */
  serverKeyPurchases: boolean;
  /** SIMULATOR_DRIFT: the embedded simulator answers with realistic deviations from our specs. */
  simulatorDrift: boolean;
  redisUrl: string | undefined;
  /** Shared cache of upstream GET responses (RESPONSE_CACHE=off disables it; coalescing stays on). */
  responseCache: boolean;
  /** Journal file of idempotency records (money-moving mutations), when REDIS_URL is unset. */
  idempotencyJournal: string;
  production: boolean;
  introspection: boolean;
  logLevel: string;
  /** Query limits, cost ceiling and per-key budget (GRAPHQL_MAX_COST, GRAPHQL_COST_BUDGET_PER_MINUTE). */
  limits: SecurityLimits;
  /** Poll intervals behind subscriptions and their limits (SUBSCRIPTION_*, SUBSCRIPTIONS_*). */
  subscriptions: SubscriptionSettings;
  /** GRAPHQL_TRUSTED_DOCUMENTS: only the operations of this manifest run (undefined: any operation). */
  trustedDocuments: TrustedDocuments | undefined;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

function bool(env: Env, name: string): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false (got ${JSON.stringify(env[name])})`);
}

function httpUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      `${name} must be an absolute URL such as https://api.archera.ai (got ${JSON.stringify(raw)})`,
    );
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')} (got ${JSON.stringify(raw)})`);
  }
  if (url.username || url.password) throw new ConfigError(`${name} must not carry credentials`);
  return raw.replace(/\/+$/, '');
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const apiKey = env.ARCHERA_API_KEY?.trim();
  const readInteger = (name: string, fallback: number, min: number, max: number): number =>
    integer(env, name, fallback, min, max);
  const fail = (message: string): never => {
    throw new ConfigError(message);
  };
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    archeraApiUrl: httpUrl(env, 'ARCHERA_API_URL', ['http:', 'https:']),
    archeraApiKey: apiKey ? apiKey : undefined,
    archeraTimeoutMs: integer(env, 'ARCHERA_TIMEOUT_MS', 10_000, 1, 600_000),
    enablePurchases: bool(env, 'ARCHERA_ENABLE_PURCHASES') ?? false,
    serverKeyPurchases: bool(env, 'ARCHERA_SERVER_KEY_PURCHASES') ?? false,
    simulatorDrift: bool(env, 'SIMULATOR_DRIFT') ?? false,
    redisUrl: httpUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    idempotencyJournal: env.IDEMPOTENCY_JOURNAL?.trim() || 'data/idempotency.journal',
    responseCache: env.RESPONSE_CACHE?.trim().toLowerCase() !== 'off',
    production,
    introspection: bool(env, 'GRAPHQL_INTROSPECTION') ?? !production,
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    limits: loadSecurityLimits(readInteger, fail),
    subscriptions: loadSubscriptionSettings(readInteger, fail),
    trustedDocuments: loadTrustedDocuments(env.GRAPHQL_TRUSTED_DOCUMENTS, fail),
  };
}
