import { createHash } from 'node:crypto';

/** A stable, non-reversible name for an API key: scopes idempotency records and appears in audit lines. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(`archera-graphql:${apiKey}`).digest('hex').slice(0, 16);
}

export function hashInput(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
