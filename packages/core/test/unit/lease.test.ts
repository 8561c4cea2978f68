import path from 'node:path';
import {
  ackSynced, claimDueRows, enqueue, leaseOwnerId, listDead, markDead, nextDueAt, openBrainDatabase, peekPending,
  LeaseWatch, pruneSynced, purgeDead, queueStats, reclaimOrphanedLeases, releaseLeases, requeueDead, scheduleRetry,
} from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

let db: Database;
const NOW = 1_800_000_000;
const A = leaseOwnerId('a', 111, 'host-1');
const B = leaseOwnerId('b', 222, 'host-1');

beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

function fill(n: number): number[] {
  return Array.from({ length: n }, (_, i) => enqueue(db, 'event', { i }, { eventId: `E${i}` }));
}

it('claims due rows oldest first, and a leased row cannot be claimed by another owner until the lease expires', () => {
  const ids = fill(5);
  let monotonicMs = 0;
  const watch = new LeaseWatch({ leaseSec: 60, monotonicMs: () => monotonicMs });
  const first = claimDueRows(db, { owner: A, limit: 3, now: NOW, leaseSec: 60 });
  expect(first.map((r) => r.id)).toEqual(ids.slice(0, 3));
  expect(first[0]).toMatchObject({ kind: 'event', eventId: 'E0', attempts: 0 });
  expect(JSON.parse(first[0].payloadJson)).toEqual({ i: 0 });
  const second = claimDueRows(db, { owner: B, limit: 10, now: NOW + 1 });
  expect(second.map((r) => r.id)).toEqual(ids.slice(3));
  expect(watch.expireStale(db)).toBe(0); // B's watch first sees A's leases (and its own) now
  monotonicMs = 59_000;
  expect(watch.expireStale(db)).toBe(0);
  expect(claimDueRows(db, { owner: B, now: NOW + 59 })).toEqual([]);
  // Expiry is measured on the watcher's own monotonic clock: it has seen the leases for 60 s.
  monotonicMs = 60_000;
  expect(watch.expireStale(db)).toBe(5);
  expect(claimDueRows(db, { owner: B, now: NOW + 59 }).map((r) => r.id)).toEqual(ids);
});

it('guards every mark by lease owner', () => {
  const [id] = fill(1);
  claimDueRows(db, { owner: A, now: NOW });
  expect(ackSynced(db, B, [id])).toBe(0);
  expect(scheduleRetry(db, B, id, { error: 'x', nextAttemptAt: NOW })).toBe(0);
  expect(markDead(db, B, id, { error: 'x' })).toBe(0);
  expect(queueStats(db, NOW).lastSyncedAt).toBeNull();
  expect(ackSynced(db, A, [id], { status: 200, now: NOW + 3 })).toBe(1);
  expect(queueStats(db, NOW)).toMatchObject({ pending: 0, synced: 1, lastSyncedAt: NOW + 3 });
});

it('scheduleRetry backs a row off until next_attempt_at, unless the claim ignores backoff', () => {
  const [id] = fill(1);
  claimDueRows(db, { owner: A, now: NOW });
  expect(scheduleRetry(db, A, id, { error: 'http 500', status: 500, nextAttemptAt: NOW + 30 })).toBe(1);
  expect(claimDueRows(db, { owner: A, now: NOW + 10 })).toEqual([]);
  expect(nextDueAt(db, NOW + 10)).toBe(NOW + 30);
  const drained = claimDueRows(db, { owner: A, now: NOW + 10, ignoreBackoff: true });
  expect(drained.map((r) => [r.id, r.attempts])).toEqual([[id, 1]]);
});

it('afterId lets a drain visit each row once', () => {
  const ids = fill(4);
  const batch = claimDueRows(db, { owner: A, now: NOW, limit: 2 });
  releaseLeases(db, A, batch.map((r) => r.id));
  const next = claimDueRows(db, { owner: A, now: NOW, limit: 10, afterId: batch[1].id });
  expect(next.map((r) => r.id)).toEqual(ids.slice(2));
});

it('markDead sets dead_at and synced_at; requeue and purge act on dead rows only', () => {
  const [a, b, c] = fill(3);
  claimDueRows(db, { owner: A, now: NOW });
  markDead(db, A, a, { error: 'http 422 (permanent): bad', status: 422, now: NOW });
  markDead(db, A, b, { error: 'http 400 (permanent): bad', status: 400, now: NOW });
  releaseLeases(db, A);
  expect(peekPending(db).map((r) => r.id)).toEqual([c]);
  expect(listDead(db).map((r) => [r.id, r.lastStatus, r.attempts])).toEqual([[a, 422, 1], [b, 400, 1]]);
  const raw = db.prepare('SELECT dead_at, synced_at FROM sync_queue WHERE id = ?').get(a) as Record<string, number>;
  expect(raw.dead_at).toBe(NOW);
  expect(raw.synced_at).toBe(NOW);
  expect(requeueDead(db, [a])).toBe(1);
  expect(requeueDead(db, [])).toBe(0);
  expect(peekPending(db).map((r) => r.id)).toEqual([a, c]);
  expect(purgeDead(db, [c])).toBe(0); // c is pending, not dead
  expect(purgeDead(db)).toBe(1);
  expect(queueStats(db, NOW)).toMatchObject({ pending: 2, dead: 0 });
});

it('releaseLeases returns rows untouched', () => {
  fill(2);
  claimDueRows(db, { owner: A, now: NOW });
  expect(queueStats(db, NOW).inFlight).toBe(2);
  expect(releaseLeases(db, A)).toBe(2);
  expect(claimDueRows(db, { owner: B, now: NOW }).map((r) => r.attempts)).toEqual([0, 0]);
});

it('reclaims leases of a dead process on this host only', () => {
  fill(3);
  claimDueRows(db, { owner: A, now: NOW, limit: 1 });
  claimDueRows(db, { owner: B, now: NOW, limit: 1 });
  claimDueRows(db, { owner: leaseOwnerId('c', 111, 'other-host'), now: NOW, limit: 1 });
  const freed = reclaimOrphanedLeases(db, { host: 'host-1', isAlive: (pid) => pid === 222, now: NOW });
  expect(freed).toBe(1);
  expect(claimDueRows(db, { owner: B, now: NOW }).map((r) => r.eventId)).toEqual(['E0']);
});

it('prunes synced rows past retention but never pending or dead rows', () => {
  const [a, b, c] = fill(3);
  claimDueRows(db, { owner: A, now: NOW });
  ackSynced(db, A, [a], { now: NOW - 8 * 86400 });
  markDead(db, A, b, { error: 'x', now: NOW - 30 * 86400 });
  releaseLeases(db, A);
  expect(pruneSynced(db, { now: NOW })).toBe(1);
  expect(queueStats(db, NOW)).toMatchObject({ pending: 1, dead: 1, synced: 0 });
  expect(peekPending(db).map((r) => r.id)).toEqual([c]);
});

it('nextDueAt is null when nothing is pending', () => {
  expect(nextDueAt(db, NOW)).toBeNull();
});
