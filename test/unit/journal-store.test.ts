import { appendFileSync, readFileSync } from 'node:fs';
import { JournalIdempotencyStore } from '../../src/money/idempotency/journal-store';
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
