import path from 'node:path';
import { LeaseWatch, ackSynced, openSqlite, capFutureTimes, claimDueRows, countLeasedElsewhere, enqueue, leaseOwnerId, nextDueAt, openBrainDatabase, releaseLeases } from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

/*
 * Issue 19, items 2 and 5: no process's wall clock decides who holds a lease, and rows stamped by a
 * clock that was ahead do not wait for the clock to catch up.
 */
let db: Database;
let file: string;
const NOW = 1_800_000_000;
const LIVE = leaseOwnerId('live', 111, 'host-1');
const AHEAD = leaseOwnerId('ahead', 222, 'host-2');

beforeEach(() => {
  file = path.join(tmpDir(), 'system.db');
  db = openBrainDatabase(file);
});
afterEach(() => db.close());

const fill = (n: number): number[] => Array.from({ length: n }, (_, i) => enqueue(db, 'event', { i }, { eventId: `E${i}` }));
const leaseOf = (id: number): { lease_owner: string | null; lease_until: number | null } =>
  db.prepare('SELECT lease_owner, lease_until FROM sync_queue WHERE id = ?').get(id) as { lease_owner: string | null; lease_until: number | null };

test('a process whose clock runs 120 s (or a day) ahead claims none of a live process’s leases', () => {
  const ids = fill(400);
  expect(claimDueRows(db, { owner: LIVE, limit: 400, now: NOW, leaseSec: 60 })).toHaveLength(400);
  expect(claimDueRows(db, { owner: AHEAD, limit: 400, now: NOW + 120 })).toEqual([]);
  expect(claimDueRows(db, { owner: AHEAD, limit: 400, now: NOW + 86_400, ignoreBackoff: true })).toEqual([]);
  expect(ids.every((id) => leaseOf(id).lease_owner === LIVE)).toBe(true);
  expect(countLeasedElsewhere(db, AHEAD)).toBe(400);
  expect(countLeasedElsewhere(db, LIVE)).toBe(0);
  // The next due row is not a leased one, whatever the clock says.
  expect(nextDueAt(db)).toBeNull();
});

test('a watched lease is freed only after leaseSec of the watcher’s monotonic time, unchanged', () => {
  const [a, b] = fill(2) as [number, number];
  let monotonicMs = 1_000;
  const watch = new LeaseWatch({ leaseSec: 60, monotonicMs: () => monotonicMs });
  claimDueRows(db, { owner: LIVE, now: NOW });
  expect(watch.expireStale(db)).toBe(0);
  expect(watch.msUntilNextExpiry()).toBe(60_000);
  monotonicMs += 30_000;
  // The owner finishes one row and claims it again later: a new lease, watched from scratch.
  ackSynced(db, LIVE, [a], { now: NOW + 1 });
  db.prepare('UPDATE sync_queue SET synced_at = NULL WHERE id = ?').run(a);
  claimDueRows(db, { owner: LIVE, now: NOW + 30, leaseSec: 60 });
  expect(leaseOf(a).lease_until).toBe(NOW + 90);
  expect(watch.expireStale(db)).toBe(0);
  expect(watch.msUntilNextExpiry()).toBe(30_000); // b's lease, first seen 30 s ago
  monotonicMs += 30_000;
  expect(watch.expireStale(db)).toBe(1);
  expect([leaseOf(a).lease_owner, leaseOf(b).lease_owner]).toEqual([LIVE, null]);
  expect(watch.msUntilNextExpiry()).toBe(30_000);
  monotonicMs += 30_000;
  expect(watch.expireStale(db)).toBe(1);
  expect(leaseOf(a).lease_owner).toBeNull();
  expect(watch.msUntilNextExpiry()).toBeNull();
});

test('a lease that changes hands between the watch’s read and its write is left alone', () => {
  const [a] = fill(1) as [number];
  let monotonicMs = 0;
  const watch = new LeaseWatch({ leaseSec: 5, monotonicMs: () => monotonicMs });
  claimDueRows(db, { owner: LIVE, now: NOW });
  watch.expireStale(db);
  monotonicMs = 5_000;
  // Between two watches the owner lets the row go and another process claims it: not the lease seen.
  releaseLeases(db, LIVE);
  claimDueRows(db, { owner: AHEAD, now: NOW + 120 });
  expect(watch.expireStale(db)).toBe(0);
  expect(leaseOf(a).lease_owner).toBe(AHEAD);
});

test('a future enqueued_at with no next_attempt_at (the Python SDK’s fresh row, a clock that was ahead) is due again after the heal', () => {
  const [fresh, near] = fill(2) as [number, number];
  db.prepare('UPDATE sync_queue SET enqueued_at = ? WHERE id = ?').run(NOW + 86_400, fresh);
  db.prepare('UPDATE sync_queue SET enqueued_at = ? WHERE id = ?').run(NOW + 60, near);
  expect(claimDueRows(db, { owner: LIVE, now: NOW })).toEqual([]);
  expect(capFutureTimes(db, { maxBackoffSec: 300, now: NOW })).toBe(1);
  expect(claimDueRows(db, { owner: LIVE, now: NOW }).map((row) => row.id)).toEqual([fresh]);
  // Within the backoff maximum it is left as it is (it comes due on its own soon), and enqueued_at is never rewritten.
  expect((db.prepare('SELECT enqueued_at, next_attempt_at FROM sync_queue WHERE id = ?').get(near) as object)).toEqual({ enqueued_at: NOW + 60, next_attempt_at: null });
  expect((db.prepare('SELECT enqueued_at FROM sync_queue WHERE id = ?').get(fresh) as { enqueued_at: number }).enqueued_at).toBe(NOW + 86_400);
  expect(capFutureTimes(db, { maxBackoffSec: 300, now: NOW })).toBe(0);
});

test('a stale lease the watch could not free (the write lock busy) is freed at the next call, not watched from scratch', () => {
  const [id] = fill(1) as [number];
  claimDueRows(db, { owner: AHEAD, now: NOW });
  let monotonicMs = 0;
  const watch = new LeaseWatch({ leaseSec: 60, monotonicMs: () => monotonicMs });
  expect(watch.expireStale(db)).toBe(0);
  monotonicMs = 60_000;
  const other = openSqlite(file);
  db.pragma('busy_timeout = 0');
  try {
    other.prepare('BEGIN IMMEDIATE').run();
    expect(() => watch.expireStale(db)).toThrow(/locked|busy/i);
    other.prepare('ROLLBACK').run();
  } finally {
    other.close();
    db.pragma('busy_timeout = 5000');
  }
  expect(watch.expireStale(db)).toBe(1);
  expect(leaseOf(id).lease_owner).toBeNull();
});
