import { createHash } from 'node:crypto';

/**
 * Fingerprints of the keys seen lately: a gateway serves few keys, each for many requests, and the hash is
 * a measurable share of a one-call query's CPU. Bounded, oldest entry out first. It holds keys only as long
 * as the process holds them anyway (each request's context carries its key).
 */
const recent = new Map<string, string>();
const RECENT_KEYS = 1024;

/**
 * A stable, non-reversible name for an API key, the tenant: it scopes every cache, budget and idempotency
 * record, and appears in audit lines and metrics-free logs instead of the key.
 */
export function keyFingerprint(apiKey: string): string {
  let fingerprint = recent.get(apiKey);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update(`archera-graphql:${apiKey}`).digest('hex').slice(0, 16);
    if (recent.size >= RECENT_KEYS) recent.delete(recent.keys().next().value as string);
    recent.set(apiKey, fingerprint);
  }
  return fingerprint;
}
