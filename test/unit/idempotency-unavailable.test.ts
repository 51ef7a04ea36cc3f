/**
 * Money fails closed when the idempotency store is unavailable, and a POST that already left still gets its
 * outcome recorded: MoneyMovingService and RetryingIdempotencyStore over a store that can be switched off.
 */
import pino from 'pino';
import { RetryingIdempotencyStore } from '../../src/money/idempotency/retrying-store';
import {
  IdempotencyStoreUnavailableError,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredOutcome,
} from '../../src/money/idempotency/types';
import { MoneyMovingService, type MoneyMovingRequest } from '../../src/money/service';
import { until } from '../helpers/wait';

/** Records in memory; `down` makes every call fail as an unavailable store does. */
class SwitchableStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();
  down = false;
  /** While down, writes still land (a Redis timeout: the command was sent). */
  landsWhileDown = false;
  calls = 0;

  private check(write?: () => void): void {
    this.calls += 1;
    if (!this.down) return;
    if (this.landsWhileDown) write?.();
    throw new IdempotencyStoreUnavailableError('store down', {
      ...(this.landsWhileDown && write ? { undo: () => this.undoLast() } : {}),
    });
  }

  private lastToken: { scope: string; token: string } | undefined;
  private async undoLast(): Promise<void> {
    if (this.lastToken) await this.release(this.lastToken.scope, this.lastToken.token);
  }

  async begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult> {
    const existing = this.records.get(scope);
    const token = `t${Math.random()}`;
    const record: IdempotencyRecord = {
      scope,
      inputHash,
      createdAt: now,
      expiresAt: now + 60_000,
      leaseUntil: now + leaseMs,
      token,
    };
    this.check(() => {
      if (!existing) this.records.set(scope, record);
      this.lastToken = { scope, token };
    });
    if (existing) return { kind: 'exists', record: existing };
    this.records.set(scope, record);
    return { kind: 'started', record };
  }

  async complete(scope: string, outcome: StoredOutcome): Promise<void> {
    this.check();
    const record = this.records.get(scope);
    if (record) record.outcome = outcome;
  }

  async release(scope: string, token?: string): Promise<void> {
    this.check();
    if (token === undefined || this.records.get(scope)?.token === token) this.records.delete(scope);
  }

  async get(scope: string): Promise<IdempotencyRecord | undefined> {
    this.check();
    return this.records.get(scope);
  }

  async close(): Promise<void> {}
}

const silent = pino({ level: 'silent' });

function setup(options: { maxAgeMs?: number } = {}) {
  const inner = new SwitchableStore();
  let lost = 0;
  const store = new RetryingIdempotencyStore(inner, {
    firstDelayMs: 10,
    maxDelayMs: 20,
    maxAgeMs: options.maxAgeMs ?? 60_000,
    onLost: () => (lost += 1),
  });
  const service = new MoneyMovingService({
    store,
    audit: silent,
    purchasesEnabled: true,
    serverKeyMayMoveMoney: true,
    leaseMs: 200,
    duplicateWaitMs: 200,
  });
  let posts = 0;
  const request = (
    idempotencyKey: string | undefined,
    send: () => Promise<unknown> = async () => ({ id: posts }),
  ): MoneyMovingRequest<unknown> => ({
    operation: 'purchaseCommitmentPlan',
    apiKey: 'key',
    requestId: 'r',
    orgId: 'org',
    planId: 'plan',
    idempotencyKey,
    keySource: 'caller',
    input: { planId: 'plan' },
    send: async () => {
      posts += 1;
      return send();
    },
  });
  return { inner, store, service, request, posts: () => posts, lost: () => lost };
}

const settled = { everyMs: 5, withinMs: 2_000 };

describe('MoneyMovingService without its idempotency store', () => {
  it('refuses at once with IDEMPOTENCY_STORE_UNAVAILABLE and sends nothing', async () => {
    const { inner, service, request, posts } = setup();
    inner.down = true;
    const result = await service.execute(request('k1'));
    expect(result).toMatchObject({ kind: 'error', code: 'IDEMPOTENCY_STORE_UNAVAILABLE', replayed: false });
    expect(result.kind === 'error' && result.message).toMatch(/nothing was sent.*retry later/i);
    expect(posts()).toBe(0);
  });

  it('still applies without an idempotency key (nothing about it is recorded)', async () => {
    const { inner, service, request, posts } = setup();
    inner.down = true;
    expect(await service.execute(request(undefined))).toMatchObject({ kind: 'ok' });
    expect(posts()).toBe(1);
  });

  it('undoes an intent that landed although its write failed, so a retry with the key goes through', async () => {
    const { inner, service, request, posts } = setup();
    inner.down = true;
    inner.landsWhileDown = true;
    expect(await service.execute(request('k2'))).toMatchObject({ code: 'IDEMPOTENCY_STORE_UNAVAILABLE' });
    // The intent landed (scopes are `${keyFingerprint}:${idempotencyKey}`) ...
    expect([...inner.records.keys()].some((k) => k.endsWith(':k2'))).toBe(true);
    inner.down = false;
    inner.landsWhileDown = false;
    // ... and is undone once the store answers again.
    await until(() => ![...inner.records.keys()].some((k) => k.endsWith(':k2')), settled);
    expect(await service.execute(request('k2'))).toMatchObject({ kind: 'ok', replayed: false });
    expect(posts()).toBe(1);
  });

  it('keeps the outcome of a POST that left when the store failed, answers replays from it, writes it later', async () => {
    const { inner, service, request, posts, store } = setup();
    const first = await service.execute(
      request('k3', async () => {
        inner.down = true; // the store fails while the POST is in flight
        return { id: 'bought' };
      }),
    );
    expect(first).toMatchObject({ kind: 'ok', result: { id: 'bought' }, replayed: false });
    expect(store.pendingCount()).toBe(1);
    // Still down: this process replays from memory, nothing is sent again.
    expect(await service.execute(request('k3'))).toMatchObject({
      kind: 'ok',
      result: { id: 'bought' },
      replayed: true,
    });
    inner.down = false;
    await until(() => store.pendingCount() === 0, settled);
    const stored = [...inner.records.values()].find((r) => r.scope.endsWith(':k3'));
    expect(stored?.outcome).toMatchObject({ kind: 'ok', result: { id: 'bought' } });
    expect(await service.execute(request('k3'))).toMatchObject({ kind: 'ok', replayed: true });
    expect(posts()).toBe(1);
  });

  it('gives a write up after maxAge: replays then answer OUTCOME_UNKNOWN and never send', async () => {
    const { inner, service, request, store, lost, posts } = setup({ maxAgeMs: 50 });
    const send = async (): Promise<unknown> => {
      inner.down = true;
      return { id: 'x' };
    };
    expect(await service.execute(request('k4', send))).toMatchObject({ kind: 'ok' });
    await until(() => lost() === 1, settled);
    expect(store.pendingCount()).toBe(0);
    inner.down = false;
    await new Promise((r) => setTimeout(r, 250)); // past the lease
    expect(await service.execute(request('k4', send))).toMatchObject({
      kind: 'error',
      code: 'OUTCOME_UNKNOWN',
      replayed: true,
    });
    expect(posts()).toBe(1);
  });

  it('answers a duplicate waiting on another replica IDEMPOTENCY_STORE_UNAVAILABLE when the store fails', async () => {
    const { inner, service, request, posts } = setup();
    const begin = inner.begin.bind(inner);
    inner.begin = async (s, h, now, lease) => {
      const result = await begin(s, h, now, lease);
      if (result.kind === 'started') {
        // Pretend another replica started it: no outcome, lease running; then the store fails.
        inner.records.delete(s);
        const record = { ...result.record, token: 'other' };
        inner.records.set(s, record);
        inner.down = true;
        return { kind: 'exists', record };
      }
      return result;
    };
    const started = Date.now();
    const result = await service.execute(request('k5'));
    expect(result).toMatchObject({ kind: 'error', code: 'IDEMPOTENCY_STORE_UNAVAILABLE', replayed: true });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(posts()).toBe(0);
  });
});
