/**
 * The embedded idempotency store: an append-only journal file (JSON lines), replayed at start. Each write is
 * flushed to disk (fsync) before the call returns, so an intent is durable before the POST leaves and a
 * restarted gateway still knows every key of the last 24 hours. One gateway process per journal file.
 *
 * A journal that cannot be written (read-only file system, full disk, a failing device) fails the write
 * with IdempotencyStoreUnavailableError: the money move is refused and nothing is sent. The gateway still
 * starts (reads need no journal) and tries again at the next write. A failed write may have left part of a
 * line, or a whole intent the request never used: the next write starts on a new line and first releases
 * those intents, so a restart neither loses a later line nor takes them for sent requests. A journal that
 * exists but cannot be read at start refuses every money move (its keys are unknown).
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import {
  IDEMPOTENCY_TTL_MS,
  IdempotencyStoreUnavailableError,
  newIntent,
  type BeginResult,
  type IdempotencyRecord,
  type IdempotencyStore,
  type StoredOutcome,
} from './types';

type JournalLine =
  | { op: 'intent'; scope: string; inputHash: string; createdAt: number; expiresAt: number }
  | { op: 'outcome'; scope: string; outcome: StoredOutcome }
  | { op: 'release'; scope: string };

export interface JournalStateChange {
  writable: boolean;
  /** An error code (ENOSPC, EROFS, ...) or what recovered. Never a key. */
  reason: string;
}

interface JournalOptions {
  /** Called when the journal stops or starts again being writable (also at start when it is not). */
  onStateChange?: (change: JournalStateChange) => void;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return err instanceof Error ? err.message : String(err);
}

/** The journal line of an intent (begin writes it; compaction writes it again for a live record). */
function intentLine(record: IdempotencyRecord): JournalLine {
  return {
    op: 'intent',
    scope: record.scope,
    inputHash: record.inputHash,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
  };
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < buffer.length;) offset += writeSync(fd, buffer, offset);
}

export class JournalIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, IdempotencyRecord>();
  private fd: number | undefined;
  /** Why the existing journal could not be read at start: then its keys are unknown, nothing is allowed. */
  private readonly unreadable: string | undefined;
  /** The last write failed: it may have left part of a line. */
  private torn = false;
  /** Intents whose write failed (the request was refused): released by the next write that succeeds. */
  private readonly uncertain = new Set<string>();
  private writable = true;

  constructor(
    private readonly file: string,
    private readonly ttlMs = IDEMPOTENCY_TTL_MS,
    now = Date.now(),
    private readonly options: JournalOptions = {},
  ) {
    let failure: string | undefined;
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (err) {
      failure = errorCode(err);
    }
    // Only an existing regular file is replayed and compacted (never rename over a device such as
    // /dev/full; without a journal yet there is nothing to compact).
    let regular = false;
    try {
      regular = statSync(file).isFile();
      if (regular) this.replay(readFileSync(file, 'utf8'));
    } catch (err) {
      // No journal yet (ENOENT; ENOTDIR: its folder is not one) is a fresh start; anything else is unknown.
      if (errorCode(err) !== 'ENOENT' && errorCode(err) !== 'ENOTDIR') this.unreadable = errorCode(err);
    }
    if (regular && this.unreadable === undefined && failure === undefined) {
      try {
        this.compact(now);
      } catch {
        // Not compacted this time: appending to the journal as it is still works.
      }
    }
    for (const record of this.records.values()) if (!record.outcome) record.orphaned = true;
    try {
      if (this.unreadable === undefined) this.fd = openSync(file, 'a');
    } catch (err) {
      failure = errorCode(err);
    }
    if (this.unreadable !== undefined) this.setWritable(false, `unreadable at start (${this.unreadable})`);
    else if (this.fd === undefined) this.setWritable(false, failure ?? 'not opened');
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
      lines.push(JSON.stringify(intentLine(record)));
      if (record.outcome) lines.push(JSON.stringify({ op: 'outcome', scope, outcome: record.outcome }));
    }
    const tmp = `${this.file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      try {
        if (lines.length) writeAll(fd, `${lines.join('\n')}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
    } catch (err) {
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
      throw err;
    }
  }

  /**
   * Appends one line, durably (fsync), or fails with IdempotencyStoreUnavailableError. After a failed
   * write, the next one starts on a new line and first releases the intents that failed.
   */
  private append(line: JournalLine): void {
    if (this.unreadable !== undefined) {
      throw new IdempotencyStoreUnavailableError(
        `The idempotency journal could not be read at start (${this.unreadable}): its keys are unknown.`,
      );
    }
    const lines = [...this.uncertain].map((scope) => JSON.stringify({ op: 'release', scope }));
    lines.push(JSON.stringify(line));
    try {
      this.fd ??= openSync(this.file, 'a');
      writeAll(this.fd, `${this.torn ? '\n' : ''}${lines.join('\n')}\n`);
      fsyncSync(this.fd);
    } catch (err) {
      this.torn = true;
      this.setWritable(false, errorCode(err));
      throw new IdempotencyStoreUnavailableError(
        `The idempotency journal cannot be written (${errorCode(err)}).`,
        { cause: err },
      );
    }
    this.torn = false;
    this.uncertain.clear();
    this.setWritable(true, 'written');
  }

  private setWritable(writable: boolean, reason: string): void {
    if (this.writable === writable) return;
    this.writable = writable;
    try {
      this.options.onStateChange?.({ writable, reason });
    } catch {
      // A log hook must never break the store.
    }
  }

  async begin(scope: string, inputHash: string, now: number, leaseMs: number): Promise<BeginResult> {
    const existing = this.records.get(scope);
    if (existing && existing.expiresAt > now) return { kind: 'exists', record: existing };
    // One process per journal: a live intent is always in this process's memory, so the lease is informative.
    const record = newIntent(scope, inputHash, now, this.ttlMs, leaseMs);
    // Synchronous check-and-set: no other begin() can interleave in this process.
    try {
      this.append(intentLine(record));
    } catch (err) {
      this.uncertain.add(scope);
      throw err;
    }
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
    // One process per journal: the record in memory is always the intent of the caller.
    if (!this.records.has(scope)) return;
    this.append({ op: 'release', scope });
    this.records.delete(scope);
  }

  async get(scope: string, now: number): Promise<IdempotencyRecord | undefined> {
    const record = this.records.get(scope);
    return record && record.expiresAt > now ? record : undefined;
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
