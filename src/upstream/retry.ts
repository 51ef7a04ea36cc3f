/**
 * Retry rules for upstream calls. Only idempotent GETs are ever retried (a POST may move money
 * and is never resent). What is retryable is decided in the transport; this file holds the policy numbers,
 * the backoff, Retry-After parsing and the retry budget, with time and randomness injectable for tests.
 */

export interface RetryPolicy {
  /** Total attempts for a GET, the first one included. */
  maxAttempts: number;
  /** Backoff cap for attempt n is min(maxDelayMs, baseDelayMs * 2^(n-1)); the delay is uniform in [0, cap). */
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * A Retry-After longer than this is not waited for: the call fails at once (RATE_LIMITED with
   * retryAfterSeconds) so the client backs off itself instead of holding a GraphQL request open.
   */
  maxRetryAfterSeconds: number;
  /** Each request earns this many retry tokens; each retry spends one (so ~20% extra load at most). */
  budgetRatio: number;
  /** Retries per second always allowed, so a quiet gateway can still retry a blip. */
  budgetMinPerSecond: number;
  /** Cap on earned tokens, so a long healthy spell does not bank an unbounded burst of retries. */
  budgetMaxTokens: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 25,
  maxDelayMs: 250,
  maxRetryAfterSeconds: 60,
  budgetRatio: 0.2,
  budgetMinPerSecond: 5,
  budgetMaxTokens: 100,
});

/** Time and randomness, injectable so retry tests are fast and deterministic. */
export interface RetryTiming {
  /** Resolves after ms, or rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1). */
  random(): number;
  /** Milliseconds, monotonic enough for the budget. */
  now(): number;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_TIMING: RetryTiming = {
  sleep: abortableSleep,
  random: Math.random,
  now: () => performance.now(),
};

/** Full-jitter exponential backoff before attempt `failedAttempt + 1`. */
export function backoffDelayMs(policy: RetryPolicy, failedAttempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.floor(random() * cap);
}

/**
 * Retry-After as seconds: either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Undefined when absent
 * or unparseable; a date in the past gives 0.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  nowEpochMs: number = Date.now(),
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // HTTP-dates always name a day or month; this keeps Date.parse from reading '-3' as a year.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowEpochMs) / 1000));
}

/**
 * Token bucket shared by all calls of one transport: a failing upstream gets at most ~budgetRatio extra
 * requests (plus a small floor), instead of maxAttempts times its normal load.
 */
export class RetryBudget {
  private earned: number;
  private floor: number;
  private lastRefill: number;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly now: () => number,
  ) {
    this.earned = 0;
    this.floor = policy.budgetMinPerSecond;
    this.lastRefill = now();
  }

  /** Called once per logical request (not per attempt). */
  deposit(): void {
    this.earned = Math.min(this.policy.budgetMaxTokens, this.earned + this.policy.budgetRatio);
  }

  /** Takes one token if there is one; false means "do not retry". */
  tryWithdraw(): boolean {
    this.refillFloor();
    if (this.earned >= 1) {
      this.earned -= 1;
      return true;
    }
    if (this.floor >= 1) {
      this.floor -= 1;
      return true;
    }
    return false;
  }

  /** For tests and metrics. */
  available(): number {
    this.refillFloor();
    return Math.floor(this.earned) + Math.floor(this.floor);
  }

  private refillFloor(): void {
    const t = this.now();
    const elapsedSeconds = Math.max(0, t - this.lastRefill) / 1000;
    this.lastRefill = t;
    this.floor = Math.min(
      this.policy.budgetMinPerSecond,
      this.floor + elapsedSeconds * this.policy.budgetMinPerSecond,
    );
  }
}
