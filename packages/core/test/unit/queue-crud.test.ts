import path from 'node:path';
import {
  enqueue, enqueueCorrection, lastPendingError, markFailed, markSynced, openBrainDatabase, peekPending, queueStats,
} from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

let db: Database;
beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

const correction = { session: 1, category: 'TONE', severity: 'minor', description: 'd', draft: 'a', final: 'b' };

describe('enqueue', () => {
  it('returns increasing ids and peekPending lists them oldest first with decoded payloads', () => {
    const before = Date.now() / 1000;
    const a = enqueue(db, 'event', { n: 1 });
    const b = enqueue(db, 'lesson', { n: 2 });
    expect(b).toBeGreaterThan(a);
    const rows = peekPending(db);
    expect(rows.map((r) => [r.id, r.kind, r.payload, r.attempts])).toEqual([
      [a, 'event', { n: 1 }, 0],
      [b, 'lesson', { n: 2 }, 0],
    ]);
    expect(rows[0].enqueuedAt).toBeGreaterThanOrEqual(before - 1);
    expect(rows[0].enqueuedAt).toBeLessThan(before + 60); // epoch seconds, not ms
  });

  it('throws on an unknown kind and writes nothing', () => {
    expect(() => enqueue(db, 'bogus' as never, {})).toThrow(TypeError);
    expect(peekPending(db)).toHaveLength(0);
  });

  it('is a no-op for the same event id twice', () => {
    const first = enqueue(db, 'event', { v: 1 }, { eventId: 'E1' });
    const second = enqueue(db, 'event', { v: 2 }, { eventId: 'E1' });
    expect(second).toBe(first);
    expect(peekPending(db)).toHaveLength(1);
  });

  it('peekPending honours its limit', () => {
    for (let i = 0; i < 5; i++) enqueue(db, 'event', { i });
    expect(peekPending(db, 2).map((r) => (r.payload as { i: number }).i)).toEqual([0, 1]);
  });
});

describe('enqueueCorrection', () => {
  it('writes the SPEC §6 payload with texts cut to their wire limits', () => {
    const long = 'x'.repeat(9_000);
    enqueueCorrection(db, 'brain-1', { ...correction, description: long, draft: long, final: long }, 'EV1');
    const [row] = peekPending(db);
    const payload = row.payload as { brain_id: string; event_id: string; correction: Record<string, string> };
    expect(row.kind).toBe('correction');
    expect(payload.brain_id).toBe('brain-1');
    expect(payload.event_id).toBe('EV1');
    expect(payload.correction.description).toHaveLength(500);
    expect(payload.correction.draft).toHaveLength(8_000);
    expect(payload.correction.final).toHaveLength(8_000);
    const stored = db.prepare('SELECT event_id FROM sync_queue WHERE id = ?').get(row.id) as { event_id: string };
    expect(stored.event_id).toBe('EV1');
  });
});

describe('markSynced / markFailed', () => {
  it('markSynced removes rows from pending; empty lists are no-ops', () => {
    const a = enqueue(db, 'event', {});
    const b = enqueue(db, 'event', {});
    markSynced(db, []);
    markFailed(db, [], 'nothing');
    expect(peekPending(db)).toHaveLength(2);
    markSynced(db, [a]);
    expect(peekPending(db).map((r) => r.id)).toEqual([b]);
    expect(queueStats(db)).toMatchObject({ pending: 1, synced: 1, dead: 0 });
  });

  it('markFailed increments attempts, keeps the row pending and cuts the error to 500 chars', () => {
    const id = enqueue(db, 'event', {});
    markFailed(db, [id], 'e'.repeat(2_000));
    markFailed(db, [id], 'second');
    const [row] = peekPending(db);
    expect(row.attempts).toBe(2);
    expect(lastPendingError(db)).toBe('second');
    markFailed(db, [id], 'z'.repeat(2_000));
    const stored = db.prepare('SELECT last_error FROM sync_queue WHERE id = ?').get(id) as { last_error: string };
    expect(stored.last_error).toHaveLength(500);
    expect(queueStats(db)).toMatchObject({ pending: 1, failing: 1 });
  });
});
