/**
 * Upstream values the gateway itself acts on (not only passes to the graph), read tolerantly: a provider
 * may come as `AWS` or `aws`; anything unknown is undefined and the caller says what then.
 */
import { commitmentOfferProviderValues } from '../generated/upstream/v1';
import { pathsBetaV1OrgOrg_idCommitmentsGetParametersQueryProviderValues as commitmentsProviderValues } from '../generated/upstream/beta';
import type { CommitmentsProvider, Provider } from './types';

const PROVIDERS: ReadonlySet<string> = new Set(commitmentOfferProviderValues);
const COMMITMENTS_PROVIDERS: ReadonlySet<string> = new Set(commitmentsProviderValues);

/** A known provider, whatever its case; undefined for anything else. */
export function providerOf(value: unknown): Provider | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.trim().toLowerCase();
  return PROVIDERS.has(lower) ? (lower as Provider) : undefined;
}

/** A provider the beta commitments endpoints accept, whatever its case; undefined for anything else. */
export function commitmentsProviderOf(value: unknown): CommitmentsProvider | undefined {
  const provider = providerOf(value);
  return provider !== undefined && COMMITMENTS_PROVIDERS.has(provider)
    ? (provider as CommitmentsProvider)
    : undefined;
}

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number, else undefined (a money field may be missing, null or of another type). */
export function amountOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** camelCase names in snake_case, worked out once per name (field and parameter names: a small, fixed set). */
const snakeNames = new Map<string, string>();

/**
 * `savingsHourly` -> `savings_hourly`, `expiring30Days` -> `expiring_30_days`: the upstream's name for a
 * graph field or a client argument.
 */
export function snakeCase(name: string): string {
  let snake = snakeNames.get(name);
  if (snake === undefined) {
    snake = name.replace(/([a-z])([0-9])/g, '$1_$2').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    if (snakeNames.size < 1000) snakeNames.set(name, snake);
  }
  return snake;
}
