/**
 * Idempotency records for money-moving mutations. One record per (API key fingerprint, idempotency key):
 * the intent is recorded before the POST leaves, the outcome after. A record with an intent and no outcome
 * (the process died mid-POST) answers OUTCOME_UNKNOWN forever: it is never resent.
 */
import { createHash } from 'node:crypto';

/** What the first request with a key produced; replays return it as is. */
export interface StoredOutcome {
  /** 'ok': the upstream accepted; 'refused': it answered an error; 'unknown': sent, outcome unknown. */
  kind: 'ok' | 'refused' | 'unknown';
  /** The money-moving field that produced it (absent in records written before it was kept). */
  operation?: 'applyCommitmentPlan' | 'purchaseCommitmentPlan';
  /** The upstream body on success (the plan or the purchase result). */
  result?: unknown;
  /** The userError to return on refusal / unknown outcome. */
  error?: { code: string; message: string };
  upstreamStatus?: number;
}

export interface IdempotencyRecord {
  /** `${keyFingerprint}:${idempotencyKey}` */
  scope: string;
  /** Hash of the operation and its input: a replay with another input is refused. */
  inputHash: string;
  createdAt: number;
  expiresAt: number;
  /** Absent while the POST is in flight, or forever when the process died before it was recorded. */
  outcome?: StoredOutcome;
  /**
   * An intent without outcome that no live request will complete (found at start-up after a crash). Its
   * POST may or may not have reached the upstream: it answers OUTCOME_UNKNOWN and is never resent.
   */
  orphaned?: boolean;
  /**
   * Until when the request that recorded the intent may still be sending (its timeout): a duplicate on
   * another replica waits for the outcome until then; after it, an intent without outcome is orphaned.
   */
  leaseUntil?: number;
  /**
   * Who recorded the intent (random, per begin): a release or an undo drops the record only while it is
   * still this one, never a later request's.
   */
  token?: string;
}

export type BeginResult =
  { kind: 'started'; record: IdempotencyRecord } | { kind: 'exists'; record: IdempotencyRecord };

/**
 * Storage of idempotency records. The journal file is the embedded default; Redis serves several replicas
 * (same interface). `begin` must be atomic: of two concurrent callers with one scope, exactly one starts.
 * Every method fails with IdempotencyStoreUnavailableError when the store cannot be read or written (Redis
 * unavailable or past its deadline, a journal that cannot be written): money moves are then refused.
 */
export interface IdempotencyStore {
  /** Records the intent (durably, before returning) unless a live record exists for the scope. */
  begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult>;
  /**
   * Records the outcome of a started intent (durably). With `record` (the intent begin returned), a store
   * that can lose a key while the POST is in flight (Redis: eviction, a flush, a restart that lost its last
   * writes) writes the whole record back with the outcome, so a retry with the key replays it instead of
   * sending again.
   */
  complete(scope: string, outcome: StoredOutcome, record?: IdempotencyRecord): Promise<void>;
  /**
   * Drops a started intent whose request was certainly not sent, so the key can be used again; with
   * `token`, only while the record is still that intent (IdempotencyRecord.token). A store whose records
   * carry a token (Redis) needs it: pass the token begin returned.
   */
  release(scope: string, token?: string): Promise<void>;
  get(scope: string, now: number): Promise<IdempotencyRecord | undefined>;
  close(): Promise<void>;
}

/**
 * The store could not be read or written in time. Nothing depending on it was sent. When the failed write
 * may still land (a Redis timeout: the command was sent), `undo` removes it once the store answers again
 * (a begin's intent that would otherwise stay without outcome, and answer OUTCOME_UNKNOWN to a retry).
 */
export class IdempotencyStoreUnavailableError extends Error {
  readonly code = 'IDEMPOTENCY_STORE_UNAVAILABLE';
  readonly undo: (() => Promise<void>) | undefined;

  constructor(message: string, options: { cause?: unknown; undo?: () => Promise<void> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IdempotencyStoreUnavailableError';
    this.undo = options.undo;
  }
}

export function isStoreUnavailable(err: unknown): err is IdempotencyStoreUnavailableError {
  return err instanceof IdempotencyStoreUnavailableError;
}

/** Keys are kept 24 hours: a replay within a day sends nothing. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** The input's hash a record keeps: a replay with another input is refused. */
export function hashInput(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** The intent a begin records: kept `ttlMs`, its request may be sending for `leaseMs`. */
export function newIntent(
  scope: string,
  inputHash: string,
  now: number,
  ttlMs: number,
  leaseMs: number,
): IdempotencyRecord {
  return { scope, inputHash, createdAt: now, expiresAt: now + ttlMs, leaseUntil: now + leaseMs };
}
