/**
 * A budget of cost points per API key per minute (GitHub's model: every operation spends its cost, at
 * least 1). A token bucket per key fingerprint, never the raw key: it holds a minute's points and refills
 * continuously, so a key may burst up to its budget and then runs at budget/60 points a second. An
 * operation the bucket cannot pay is refused whole (HTTP 429, Retry-After) and spends nothing.
 */

export interface BudgetDecision {
  allowed: boolean;
  /** Points charged (0 when refused). */
  cost: number;
  /** The budget per minute. */
  limit: number;
  /** Whole points left after this operation. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until this operation could be paid. */
  retryAfterSeconds?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class CostBudget {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    /** Buckets kept at most; full ones (idle keys) are dropped first. */
    private readonly maxKeys = 50_000,
  ) {
    if (!(perMinute > 0)) throw new RangeError('perMinute must be positive');
    this.perMs = perMinute / 60_000;
  }

  /** Charges `cost` (at least 1) to the key, if its bucket holds enough. */
  spend(fingerprint: string, cost: number): BudgetDecision {
    const charge = Math.max(1, Math.ceil(cost));
    const t = this.now();
    const bucket = this.refill(fingerprint, t);
    if (bucket.tokens >= charge) {
      bucket.tokens -= charge;
      return this.decision(true, charge, bucket);
    }
    const missing = charge - bucket.tokens;
    return {
      ...this.decision(false, 0, bucket),
      retryAfterSeconds: Math.max(1, Math.ceil(missing / this.perMs / 1000)),
    };
  }

  /** Keys with a bucket (bounded). */
  size(): number {
    return this.buckets.size;
  }

  private decision(allowed: boolean, cost: number, bucket: Bucket): BudgetDecision {
    return {
      allowed,
      cost,
      limit: this.perMinute,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((this.perMinute - bucket.tokens) / this.perMs / 1000),
    };
  }

  private refill(fingerprint: string, t: number): Bucket {
    let bucket = this.buckets.get(fingerprint);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.evict(t);
      bucket = { tokens: this.perMinute, at: t };
      this.buckets.set(fingerprint, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, t - bucket.at) * this.perMs);
    bucket.at = t;
    // Most recently used last: eviction takes the least recently used keys.
    this.buckets.delete(fingerprint);
    this.buckets.set(fingerprint, bucket);
    return bucket;
  }

  /** Drops buckets that have refilled (forgetting them changes nothing), else the least recently used. */
  private evict(t: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (t - b.at) * this.perMs >= this.perMinute) this.buckets.delete(key);
    }
    const excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
    if (excess > 0) {
      let n = 0;
      for (const key of this.buckets.keys()) {
        if (n++ >= excess) break;
        this.buckets.delete(key);
      }
    }
  }
}
