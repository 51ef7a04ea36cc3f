/**
 * The embedded idempotency store: an append-only journal file (JSON lines), replayed at start. Each write is
 * flushed to disk (fsync) before the call returns, so an intent is durable before the POST leaves and a
 * restarted gateway still knows every key of the last 24 hours. One gateway process per journal file.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
  existsSync,
} from 'node:fs';
import path from 'node:path';
import {
  IDEMPOTENCY_TTL_MS,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredOutcome,
} from './types';

type JournalLine =
  | { op: 'intent'; scope: string; inputHash: string; createdAt: number; expiresAt: number }
  | { op: 'outcome'; scope: string; outcome: StoredOutcome }
  | { op: 'release'; scope: string };

export class JournalIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private fd: number;

  constructor(
    private readonly file: string,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
    now = Date.now(),
  ) {
    mkdirSync(path.dirname(file), { recursive: true });
    if (existsSync(file)) this.replay(readFileSync(file, 'utf8'));
    this.compact(now);
    for (const record of this.records.values()) if (!record.outcome) record.orphaned = true;
    this.fd = openSync(file, 'a');
  }

  private replay(text: string): void {
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      let line: JournalLine;
      try {
        line = JSON.parse(raw) as JournalLine;
      } catch {
        continue; // a torn last line (crash mid-write): its intent was never acknowledged, nothing was sent
      }
      if (line.op === 'intent') {
        this.records.set(line.scope, {
          scope: line.scope,
          inputHash: line.inputHash,
          createdAt: line.createdAt,
          expiresAt: line.expiresAt,
        });
      } else if (line.op === 'outcome') {
        const record = this.records.get(line.scope);
        if (record) record.outcome = line.outcome;
      } else {
        this.records.delete(line.scope);
      }
    }
  }

  /** Rewrites the journal with the live records only (atomic rename), so it does not grow forever. */
  private compact(now: number): void {
    const lines: string[] = [];
    for (const [scope, record] of this.records) {
      if (record.expiresAt <= now) {
        this.records.delete(scope);
        continue;
      }
      lines.push(
        JSON.stringify({
          op: 'intent',
          scope,
          inputHash: record.inputHash,
          createdAt: record.createdAt,
          expiresAt: record.expiresAt,
        }),
      );
      if (record.outcome) lines.push(JSON.stringify({ op: 'outcome', scope, outcome: record.outcome }));
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      if (lines.length) writeSync(fd, `${lines.join('\n')}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.file);
  }

  private append(line: JournalLine): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
    fsyncSync(this.fd);
  }

  async begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult> {
    const existing = this.records.get(scope);
    if (existing && existing.expiresAt > now) return { kind: 'exists', record: existing };
    // One process per journal: a live intent is always in this process's memory, so the lease is informative.
    const record: IdempotencyRecord = {
      scope,
      inputHash,
      createdAt: now,
      expiresAt: now + this.ttlMs,
      leaseUntil: now + leaseMs,
    };
    // Synchronous check-and-set: no other begin() can interleave in this process.
    this.append({ op: 'intent', scope, inputHash, createdAt: record.createdAt, expiresAt: record.expiresAt });
    this.records.set(scope, record);
    return { kind: 'started', record };
  }

  async complete(scope: string, outcome: StoredOutcome): Promise<void> {
    const record = this.records.get(scope);
    if (!record) return;
    this.append({ op: 'outcome', scope, outcome });
    record.outcome = outcome;
  }

  async release(scope: string): Promise<void> {
    if (!this.records.has(scope)) return;
    this.append({ op: 'release', scope });
    this.records.delete(scope);
  }

  async get(scope: string, now: number): Promise<IdempotencyRecord | undefined> {
    const record = this.records.get(scope);
    return record && record.expiresAt > now ? record : undefined;
  }

  async close(): Promise<void> {
    closeSync(this.fd);
  }
}
