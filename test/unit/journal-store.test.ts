import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JournalIdempotencyStore, type JournalStateChange } from '../../src/money/idempotency/journal-store';
import { IdempotencyStoreUnavailableError } from '../../src/money/idempotency/types';
import { tempJournal } from '../helpers/gateway';

const HOUR = 3_600_000;

describe('JournalIdempotencyStore', () => {
  it('starts one intent per scope and reports the existing record to later callers', async () => {
    const store = new JournalIdempotencyStore(tempJournal());
    expect((await store.begin('k:1', 'h', 0, 60_000)).kind).toBe('started');
    const again = await store.begin('k:1', 'h', 1, 60_000);
    expect(again.kind).toBe('exists');
    await store.close();
  });

  it('survives a restart with outcomes, marks intents without outcome as orphaned, and forgets released ones', async () => {
    const file = tempJournal();
    const now = Date.now();
    const a = new JournalIdempotencyStore(file, 24 * HOUR, now);
    await a.begin('done', 'h1', now, 60_000);
    await a.complete('done', { kind: 'ok', result: { id: 1 }, upstreamStatus: 200 });
    await a.begin('crashed', 'h2', now, 60_000);
    await a.begin('released', 'h3', now, 60_000);
    await a.release('released');
    await a.close();
    const b = new JournalIdempotencyStore(file, 24 * HOUR, now);
    expect(await b.get('done', now)).toMatchObject({
      inputHash: 'h1',
      outcome: { kind: 'ok', result: { id: 1 } },
    });
    expect(await b.get('crashed', now)).toMatchObject({ inputHash: 'h2', orphaned: true });
    expect(await b.get('released', now)).toBeUndefined();
    await b.close();
  });

  it('drops expired records at start and compacts the file', async () => {
    const file = tempJournal();
    const a = new JournalIdempotencyStore(file, HOUR, 0);
    await a.begin('old', 'h', 0, 60_000);
    await a.complete('old', { kind: 'refused', error: { code: 'CONFLICT', message: 'x' } });
    await a.close();
    const b = new JournalIdempotencyStore(file, HOUR, 2 * HOUR);
    expect(await b.get('old', 2 * HOUR)).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('');
    await b.close();
  });

  it('ignores a torn last line (a crash mid-write: that intent was never acknowledged, nothing was sent)', async () => {
    const file = tempJournal();
    const a = new JournalIdempotencyStore(file, HOUR, 0);
    await a.begin('ok', 'h', 0, 60_000);
    await a.close();
    appendFileSync(file, '{"op":"intent","scope":"torn","inp');
    const b = new JournalIdempotencyStore(file, HOUR, 0);
    expect(await b.get('ok', 0)).toBeDefined();
    expect(await b.get('torn', 0)).toBeUndefined();
    await b.close();
  });
});

describe('JournalIdempotencyStore that cannot be written', () => {
  it('starts, refuses intents with IdempotencyStoreUnavailableError on a full disk (/dev/full), and says so once', async () => {
    const changes: JournalStateChange[] = [];
    const store = new JournalIdempotencyStore('/dev/full', HOUR, 0, {
      onStateChange: (c) => changes.push(c),
    });
    await expect(store.begin('k:1', 'h', 0, 60_000)).rejects.toBeInstanceOf(IdempotencyStoreUnavailableError);
    await expect(store.begin('k:2', 'h', 0, 60_000)).rejects.toThrow(/ENOSPC/);
    expect(await store.get('k:1', 0)).toBeUndefined();
    expect(changes).toEqual([{ writable: false, reason: 'ENOSPC' }]);
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true); // never compacted over
    await store.close();
  });

  it('starts when its folder cannot be made, and works once it can: the failed intent is released first', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'archera-graphql-journal-'));
    const blocker = path.join(base, 'data');
    writeFileSync(blocker, 'not a folder');
    const file = path.join(blocker, 'idempotency.journal');
    const changes: JournalStateChange[] = [];
    const store = new JournalIdempotencyStore(file, HOUR, 0, { onStateChange: (c) => changes.push(c) });
    expect(changes).toEqual([{ writable: false, reason: 'ENOTDIR' }]);
    await expect(store.begin('refused', 'h', 0, 60_000)).rejects.toBeInstanceOf(
      IdempotencyStoreUnavailableError,
    );
    rmSync(blocker);
    mkdirSync(blocker);
    expect((await store.begin('later', 'h', 0, 60_000)).kind).toBe('started');
    expect(changes).toEqual([
      { writable: false, reason: 'ENOTDIR' },
      { writable: true, reason: 'written' },
    ]);
    // The refused intent never reached the journal here, but a failed write may leave it there: the next
    // write releases it before anything else, on a line of its own.
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toBe('');
    expect(JSON.parse(lines[1]!)).toEqual({ op: 'release', scope: 'refused' });
    expect(JSON.parse(lines[2]!)).toMatchObject({ op: 'intent', scope: 'later' });
    await store.close();
    const again = new JournalIdempotencyStore(file, HOUR, 0);
    expect(await again.get('refused', 0)).toBeUndefined();
    expect(await again.get('later', 0)).toMatchObject({ orphaned: true });
    expect((await again.begin('refused', 'h', 0, 60_000)).kind).toBe('started');
    await again.close();
    rmSync(base, { recursive: true, force: true });
  });
});
