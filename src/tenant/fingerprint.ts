import { createHash } from 'node:crypto';

/**
 * A stable, non-reversible name for an API key, the tenant: it scopes every cache, budget and idempotency
 * record, and appears in audit lines and metrics-free logs instead of the key.
 */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(`archera-graphql:${apiKey}`).digest('hex').slice(0, 16);
}
