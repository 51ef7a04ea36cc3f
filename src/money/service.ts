/**
 * The one path every money-moving call takes (apply, purchase). It guarantees, per (API key, idempotency
 * key): at most one upstream POST in 24 hours; replays get the first result; another input is refused;
 * concurrent duplicates wait for the first; an unknown outcome is never resent. It also refuses everything
 * when purchases are disabled, and writes one audit line per request.
 *
 * It fails closed: when the idempotency store cannot record the intent (Redis unavailable or past its
 * deadline, a journal that cannot be written), the request is refused at once with
 * IDEMPOTENCY_STORE_UNAVAILABLE and nothing is sent. A POST that already left keeps its real outcome for its
 * caller even when the store cannot record it then (the store retries the write: retrying-store.ts).
 */
import type { Logger } from 'pino';
import { isUpstreamError, type UpstreamError } from '../upstream';
import { keyFingerprint } from '../tenant/fingerprint';
import type { RetryingIdempotencyStore } from './idempotency/retrying-store';
import {
  hashInput,
  isStoreUnavailable,
  type IdempotencyRecord,
  type StoredOutcome,
} from './idempotency/types';

export type MoneyMovingOperation = 'applyCommitmentPlan' | 'purchaseCommitmentPlan';

export type MoneyMovingErrorCode =
  | 'PURCHASES_DISABLED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'OUTCOME_UNKNOWN'
  | 'CONFLICT'
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_TIMEOUT'
  | 'PLAN_CALCULATING'
  | 'IDEMPOTENCY_STORE_UNAVAILABLE';

/** A refusal decided before anything is sent (the request's own precheck). */
export interface MoneyMovingRefusal {
  code: MoneyMovingErrorCode;
  message: string;
}

export type MoneyMovingResult<T> = (
  | { kind: 'ok'; result: T; replayed: boolean }
  | { kind: 'error'; code: MoneyMovingErrorCode; message: string; replayed: boolean }
) & { upstreamStatus?: number };

export interface MoneyMovingRequest<T> {
  operation: MoneyMovingOperation;
  apiKey: string;
  requestId: string;
  orgId: string;
  planId: string;
  /** Required for purchases; optional for apply (without one, only the upstream's 409 protects a replay). */
  idempotencyKey: string | undefined;
  /** Whether the key came with the request or is the gateway's own (server) key. */
  keySource: 'caller' | 'server';
  /** Everything that defines "the same request" besides the key. */
  input: Record<string, unknown>;
  /**
   * A refusal that needs a read (a plan still calculating), after purchases-disabled and the key's own
   * checks and before the idempotency key is used: a refused request sends nothing and leaves the key free.
   */
  precheck?: () => Promise<MoneyMovingRefusal | undefined>;
  /** The POST. Called at most once per key, never retried. */
  send: () => Promise<T>;
}

/** What an audit line says about a request. */
export type AuditedRequest = Pick<
  MoneyMovingRequest<unknown>,
  'operation' | 'apiKey' | 'keySource' | 'requestId' | 'orgId' | 'planId' | 'idempotencyKey'
>;

export interface MoneyMovingOptions {
  /**
   * Its writes after a POST (outcome, release) never fail for an unavailable store: it retries them in the
   * background and answers replays from memory meanwhile. begin and get fail with it (nothing is sent).
   */
  store: RetryingIdempotencyStore;
  /** Audit lines go here (one per money-moving request). */
  audit: Logger;
  purchasesEnabled: boolean;
  /**
   * Whether the gateway's own key (ARCHERA_API_KEY, used for requests that carry none) may move money. Off:
   * apply and purchase need the caller's own key, so reaching the gateway is not enough to buy.
   */
  serverKeyMayMoveMoney: boolean;
  /** How long a concurrent duplicate waits for the first request's outcome. */
  duplicateWaitMs?: number;
  /** How long a POST may be in flight (the upstream timeout and some margin): the intent's lease. */
  leaseMs?: number;
  now?: () => number;
}

/** How often a duplicate on another replica checks the shared store for the first request's outcome. */
const DUPLICATE_POLL_MS = 50;

const OUTCOME_UNKNOWN_MESSAGE =
  'The request was sent to Archera but its outcome is unknown (timeout or dropped connection). It was not ' +
  'resent and will not be for this idempotency key: check the plan status before trying again with a new key.';

const STORE_UNAVAILABLE_MESSAGE =
  'The idempotency store is unavailable (the gateway cannot record this request before sending it), so ' +
  'nothing was sent. Retry later with the same idempotency key.';

function storeUnavailable<T>(replayed = false): MoneyMovingResult<T> {
  return {
    kind: 'error',
    code: 'IDEMPOTENCY_STORE_UNAVAILABLE',
    message: STORE_UNAVAILABLE_MESSAGE,
    replayed,
  };
}

/** The idempotency record of an idempotency key is per API key (its fingerprint). */
function scopeOf(fingerprint: string, idempotencyKey: string): string {
  return `${fingerprint}:${idempotencyKey}`;
}

/** An upstream failure where the POST certainly never left: the key may be used again. */
function notSent(err: UpstreamError): boolean {
  return err.attempts === 0 || (err.code === 'UPSTREAM_ERROR' && err.status === undefined);
}

function outcomeOf(err: UpstreamError): StoredOutcome {
  const code = err.code === 'OUTCOME_UNKNOWN' ? 'OUTCOME_UNKNOWN' : err.code;
  return {
    kind: code === 'OUTCOME_UNKNOWN' ? 'unknown' : 'refused',
    error: {
      code,
      message: code === 'OUTCOME_UNKNOWN' ? OUTCOME_UNKNOWN_MESSAGE : (err.upstreamMessage ?? err.message),
    },
    ...(err.status !== undefined ? { upstreamStatus: err.status } : {}),
  };
}

function fromStored<T>(outcome: StoredOutcome, replayed: boolean): MoneyMovingResult<T> {
  const status = outcome.upstreamStatus !== undefined ? { upstreamStatus: outcome.upstreamStatus } : {};
  if (outcome.kind === 'ok') return { kind: 'ok', result: outcome.result as T, replayed, ...status };
  return {
    kind: 'error',
    code: (outcome.error?.code ?? 'OUTCOME_UNKNOWN') as MoneyMovingErrorCode,
    message: outcome.error?.message ?? OUTCOME_UNKNOWN_MESSAGE,
    replayed,
    ...status,
  };
}

export class MoneyMovingService {
  /** First requests in flight in this process, by scope: duplicates await them. */
  private readonly inflight = new Map<string, Promise<StoredOutcome>>();
  private readonly now: () => number;
  private readonly duplicateWaitMs: number;
  private readonly leaseMs: number;

  constructor(private readonly options: MoneyMovingOptions) {
    this.now = options.now ?? Date.now;
    this.duplicateWaitMs = options.duplicateWaitMs ?? 30_000;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  get purchasesEnabled(): boolean {
    return this.options.purchasesEnabled;
  }

  async execute<T>(req: MoneyMovingRequest<T>): Promise<MoneyMovingResult<T>> {
    const fingerprint = keyFingerprint(req.apiKey);
    const result = await this.run(req, fingerprint);
    this.auditLine(req, fingerprint, result);
    return result;
  }

  private async run<T>(req: MoneyMovingRequest<T>, fingerprint: string): Promise<MoneyMovingResult<T>> {
    if (!this.options.purchasesEnabled) {
      return {
        kind: 'error',
        code: 'PURCHASES_DISABLED',
        message:
          'Purchases are disabled on this gateway: start it with ARCHERA_ENABLE_PURCHASES=true to apply or purchase plans. Nothing was sent.',
        replayed: false,
      };
    }
    if (req.keySource === 'server' && !this.options.serverKeyMayMoveMoney) {
      return {
        kind: 'error',
        code: 'UNAUTHENTICATED',
        message:
          "Applying and purchasing need your own Archera key in the x-api-key header: this gateway's server key serves reads only. Nothing was sent.",
        replayed: false,
      };
    }
    const refused = await req.precheck?.();
    if (refused) return { kind: 'error', ...refused, replayed: false };
    if (req.idempotencyKey === undefined) return this.sendOnce(req, undefined);

    const scope = scopeOf(fingerprint, req.idempotencyKey);
    const inputHash = hashInput([req.operation, req.input]);
    let begun;
    try {
      begun = await this.options.store.begin(scope, inputHash, this.now(), this.leaseMs);
    } catch (err) {
      // Fail closed: without a recorded intent, nothing is sent.
      if (isStoreUnavailable(err)) return storeUnavailable();
      throw err;
    }
    if (begun.kind === 'started') return this.sendOnce(req, { scope, record: begun.record });
    return this.replay<T>(begun.record, scope, inputHash);
  }

  private async replay<T>(
    record: IdempotencyRecord,
    scope: string,
    inputHash: string,
  ): Promise<MoneyMovingResult<T>> {
    if (record.inputHash !== inputHash) {
      return {
        kind: 'error',
        code: 'IDEMPOTENCY_KEY_REUSED',
        message:
          'This idempotency key was already used with a different input. Use a new key for a new request. Nothing was sent.',
        replayed: false,
      };
    }
    if (record.outcome) return fromStored<T>(record.outcome, true);
    // A concurrent duplicate (double click, client retry): share the first request's outcome.
    const outcome = await this.awaitOutcome(record, scope);
    // The first request's outcome cannot be read now; this one sent nothing, and a retry will replay it.
    if (outcome === 'unavailable') return storeUnavailable(true);
    if (outcome) return fromStored<T>(outcome, true);
    return { kind: 'error', code: 'OUTCOME_UNKNOWN', message: OUTCOME_UNKNOWN_MESSAGE, replayed: true };
  }

  /**
   * The first request's outcome: from this process when it is in flight here; else (another replica, with a
   * shared store) polled from the store while that request's lease runs. Undefined when it never comes;
   * 'unavailable' when the store fails while polling.
   */
  private async awaitOutcome(
    record: IdempotencyRecord,
    scope: string,
  ): Promise<StoredOutcome | 'unavailable' | undefined> {
    if (record.orphaned) return undefined;
    const first = this.inflight.get(scope);
    if (first) {
      const timeout = new Promise<undefined>((resolve) =>
        setTimeout(() => resolve(undefined), this.duplicateWaitMs).unref(),
      );
      return Promise.race([first, timeout]);
    }
    const deadline = Math.min(this.now() + this.duplicateWaitMs, record.leaseUntil ?? 0);
    while (this.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, DUPLICATE_POLL_MS));
      let current;
      try {
        current = await this.options.store.get(scope, this.now());
      } catch (err) {
        if (isStoreUnavailable(err)) return 'unavailable';
        throw err;
      }
      if (!current) return undefined;
      if (current.outcome) return current.outcome;
    }
    return undefined;
  }

  /** `intent`: the record begin started (none without an idempotency key). */
  private async sendOnce<T>(
    req: MoneyMovingRequest<T>,
    intent: { scope: string; record: IdempotencyRecord } | undefined,
  ): Promise<MoneyMovingResult<T>> {
    const scope = intent?.scope;
    let settle: (outcome: StoredOutcome) => void = () => undefined;
    if (scope) this.inflight.set(scope, new Promise<StoredOutcome>((resolve) => (settle = resolve)));
    try {
      let outcome: StoredOutcome;
      try {
        outcome = { kind: 'ok', operation: req.operation, result: await req.send(), upstreamStatus: 200 };
      } catch (err) {
        if (!isUpstreamError(err)) {
          // Not an answer from Archera (a bug on our side): we cannot know whether the POST left.
          outcome = { kind: 'unknown', error: { code: 'OUTCOME_UNKNOWN', message: OUTCOME_UNKNOWN_MESSAGE } };
        } else if (notSent(err)) {
          if (intent) await this.options.store.release(intent.scope, intent.record.token);
          const stored = outcomeOf(err);
          settle(stored);
          return fromStored<T>(stored, false);
        } else {
          outcome = outcomeOf(err);
        }
      }
      // The caller gets the real outcome whatever happens to the write: the store retries it until it lands
      // (if it never does, a replay answers OUTCOME_UNKNOWN and sends nothing). With the intent: a store that
      // lost the key while the POST was in flight writes it back.
      if (intent) await this.options.store.complete(intent.scope, outcome, intent.record);
      settle(outcome);
      return fromStored<T>(outcome, false);
    } finally {
      if (scope) this.inflight.delete(scope);
    }
  }

  /**
   * What the first request with this API key and idempotency key produced, while its record lives. Fails
   * with IdempotencyStoreUnavailableError when the store cannot be read.
   */
  async storedOutcome(apiKey: string, idempotencyKey: string): Promise<StoredOutcome | undefined> {
    const record = await this.options.store.get(scopeOf(keyFingerprint(apiKey), idempotencyKey), this.now());
    return record?.outcome;
  }

  /** A preview is audited too (it sends nothing, but someone looked at buying). */
  auditPreview(req: AuditedRequest): void {
    this.writeAudit(req, keyFingerprint(req.apiKey), {
      outcome: 'PREVIEW',
      replayed: false,
      upstreamStatus: null,
    });
  }

  private auditLine<T>(req: MoneyMovingRequest<T>, fingerprint: string, result: MoneyMovingResult<T>): void {
    this.writeAudit(req, fingerprint, {
      outcome: result.kind === 'ok' ? 'SUCCEEDED' : result.code,
      replayed: result.replayed,
      // The status of the one POST this key caused (also on replays, where nothing was sent again).
      upstreamStatus: result.upstreamStatus ?? null,
    });
  }

  private writeAudit(
    req: AuditedRequest,
    fingerprint: string,
    result: { outcome: string; replayed: boolean; upstreamStatus: number | null },
  ): void {
    this.options.audit.info(
      {
        audit: 'money-moving',
        at: new Date(this.now()).toISOString(),
        operation: req.operation,
        requestId: req.requestId,
        orgId: req.orgId,
        planId: req.planId,
        keyFingerprint: fingerprint,
        keySource: req.keySource,
        idempotencyKey: req.idempotencyKey ?? null,
        ...result,
      },
      `${req.operation} ${result.outcome}${result.replayed ? ' (replay)' : ''}`,
    );
  }
}
