import path from 'node:path';
import {
  LeaseWatch, ackSynced, claimDueRows, enqueue, leaseOwnerId, markDead, markFailed, markSynced, nextDueAt, openBrainDatabase,
  pruneSynced, pruneSyncedChunk, purgeDead, queueStats, releaseLeases, requeueDead, scheduleRetry,
} from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

let db: Database;
/** A minute ahead of the real clock, which enqueue and markSynced stamp. */
const NOW = Math.floor(Date.now() / 1000) + 60;
const A = leaseOwnerId('a', 111, 'host-1');

beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

function fill(n: number, from = 0): number[] {
  return Array.from({ length: n }, (_, i) => enqueue(db, 'event', { i: from + i }, { eventId: `E${from + i}` }));
}

/** The four counts the slow way, to compare with the trigger-kept ones. */
function countedTheSlowWay(): Record<string, number> {
  return db.prepare(`SELECT
      SUM(synced_at IS NULL) AS pending,
      SUM(synced_at IS NULL AND COALESCE(attempts, 0) > 0) AS failing,
      SUM(synced_at IS NOT NULL AND dead_at IS NULL) AS synced,
      SUM(synced_at IS NOT NULL AND dead_at IS NOT NULL) AS dead FROM sync_queue`).get() as Record<string, number>;
}

function expectCountsExact(): void {
  const slow = countedTheSlowWay();
  const { pending, failing, synced, dead } = queueStats(db, NOW);
  expect({ pending, failing, synced, dead }).toEqual({
    pending: slow.pending ?? 0, failing: slow.failing ?? 0, synced: slow.synced ?? 0, dead: slow.dead ?? 0,
  });
}

describe('trigger-kept outbox counts', () => {
  it('match a full count after every kind of write, including raw SQL from another SDK', () => {
    const ids = fill(12);
    expectCountsExact();
    claimDueRows(db, { owner: A, now: NOW, limit: 8 });
    ackSynced(db, A, ids.slice(0, 3), { now: NOW - 9 * 86400 });
    scheduleRetry(db, A, ids[3], { error: 'http 503', nextAttemptAt: NOW + 30 });
    scheduleRetry(db, A, ids[4], { error: 'http 503', nextAttemptAt: NOW + 30 });
    markDead(db, A, ids[5], { error: 'http 422', now: NOW });
    markDead(db, A, ids[6], { error: 'http 400', now: NOW });
    releaseLeases(db, A);
    expect(queueStats(db, NOW)).toMatchObject({ pending: 7, failing: 2, synced: 3, dead: 2 });
    expectCountsExact();
    markFailed(db, [ids[7]], 'boom');
    markSynced(db, [ids[8], ids[4]]);
    expectCountsExact();
    requeueDead(db, [ids[5]]);
    purgeDead(db);
    expectCountsExact();
    // The Python SDK writes the table directly; the triggers live in the file, so they see it too.
    db.prepare('UPDATE sync_queue SET synced_at = ? WHERE id = ?').run(NOW - 10 * 86400, ids[9]);
    db.prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at) VALUES ('{}', 'event', ?)").run(NOW);
    db.prepare('DELETE FROM sync_queue WHERE id = ?').run(ids[10]);
    expectCountsExact();
    expect(pruneSynced(db, { now: NOW })).toBe(4);
    expectCountsExact();
    expect(queueStats(db, NOW)).toMatchObject({ synced: 2, dead: 0 });
  });

  it('an enqueue of an event already queued adds nothing to the counts', () => {
    fill(2);
    enqueue(db, 'event', { again: true }, { eventId: 'E1' });
    expect(queueStats(db, NOW).pending).toBe(2);
  });
});

describe('claim order and the next due time', () => {
  it('claims due rows in order of when they became due, skipping backed-off and leased rows', () => {
    const [a, b, c] = fill(3);
    claimDueRows(db, { owner: A, now: NOW, limit: 2 });
    scheduleRetry(db, A, a, { error: 'http 503', nextAttemptAt: NOW + 100 });
    // b stays leased by A; c is fresh.
    expect(claimDueRows(db, { owner: 'other', now: NOW + 1 }).map((r) => r.id)).toEqual([c]);
    releaseLeases(db, 'other');
    expect(nextDueAt(db, NOW + 1)).toBeLessThanOrEqual(NOW + 1); // c is due again
    claimDueRows(db, { owner: 'other', now: NOW + 1 });
    // Now only a (backoff ends at +100) is free; b and c are leased, which no clock ends (LeaseWatch does).
    expect(nextDueAt(db, NOW + 2)).toBe(NOW + 100);
    releaseLeases(db, A);
    expect(nextDueAt(db, NOW + 2)).toBeLessThanOrEqual(NOW + 2); // b is free and due
    // c's lease (other) is taken over once a watcher has seen it unchanged for leaseSec: all three
    // are due; a, retried, became due last.
    let monotonicMs = 0;
    const watch = new LeaseWatch({ leaseSec: 60, monotonicMs: () => monotonicMs });
    watch.expireStale(db);
    monotonicMs = 60_000;
    expect(watch.expireStale(db)).toBe(1);
    const order = [1, 2, 3].map(() => claimDueRows(db, { owner: A, now: NOW + 101, limit: 1 })[0]?.id);
    expect(order).toEqual([b, c, a]);
  });
});

describe('retention pruning in chunks', () => {
  it('deletes at most one chunk per call, oldest delivery first, never pending or dead rows', () => {
    const ids = fill(10);
    claimDueRows(db, { owner: A, now: NOW, limit: 10 });
    ids.slice(0, 7).forEach((id, i) => ackSynced(db, A, [id], { now: NOW - 30 * 86400 + i }));
    markDead(db, A, ids[7], { error: 'http 422', now: NOW - 30 * 86400 });
    releaseLeases(db, A);
    expect(pruneSyncedChunk(db, { now: NOW, chunkRows: 3 })).toBe(3);
    const left = () => (db.prepare('SELECT id FROM sync_queue ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id);
    expect(left()).toEqual(ids.slice(3));
    expect(pruneSyncedChunk(db, { now: NOW, chunkRows: 3 })).toBe(3);
    expect(pruneSyncedChunk(db, { now: NOW, chunkRows: 3 })).toBe(1);
    expect(pruneSyncedChunk(db, { now: NOW, chunkRows: 3 })).toBe(0);
    expect(left()).toEqual(ids.slice(7)); // the dead row and the two pending rows
  });

  it('pruneSynced runs chunk after chunk until nothing past retention is left', () => {
    const ids = fill(25);
    claimDueRows(db, { owner: A, now: NOW, limit: 25 });
    ackSynced(db, A, ids.slice(0, 20), { now: NOW - 8 * 86400 });
    ackSynced(db, A, ids.slice(20, 23), { now: NOW - 86400 }); // within retention
    expect(pruneSynced(db, { now: NOW, chunkRows: 6 })).toBe(20);
    expect(queueStats(db, NOW)).toMatchObject({ synced: 3, pending: 2 });
  });
});
