/**
 * Times written by a clock that was a day ahead, read on a correct clock. A backoff end further ahead
 * than the policy ever sets is cut back to now + that maximum. A lease is never judged by its
 * `lease_until` (another process's wall clock, issue 19): the reader's LeaseWatch takes it over after
 * seeing it unchanged for its own leaseSec of monotonic time, so a lease stamped a day ahead is
 * claimable within a lease length (not a day). Every clock is injected: nothing waits.
 */
import path from 'node:path';
import { LeaseWatch, capFutureTimes, claimDueRows, enqueue, leaseOwnerId, markDead, openBrainDatabase, scheduleRetry } from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

const NOW = 1_800_000_000; // epoch seconds, the correct clock
const DAY = 86_400;
const LIMITS = { maxBackoffSec: 300, maxLeaseSec: 60 };
const AHEAD = leaseOwnerId('ahead', 1111, 'host-ahead');
const CORRECT = leaseOwnerId('correct', 2222, 'host-correct');

let db: Database;
beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

interface Times { lease_owner: string | null; lease_until: number | null; next_attempt_at: number | null }
const times = (id: number): Times => db.prepare('SELECT lease_owner, lease_until, next_attempt_at FROM sync_queue WHERE id = ?').get(id) as Times;
const add = (n: number): number => enqueue(db, 'event', { n }, { eventId: `E${n}` });

test('a lease stamped a day ahead is left alone by the heal and taken over after leaseSec of the reader’s monotonic time', () => {
  const id = add(1);
  expect(claimDueRows(db, { owner: AHEAD, leaseSec: 60, now: NOW + DAY }).map((r) => r.id)).toEqual([id]);
  expect(times(id).lease_until).toBe(NOW + DAY + 60);
  expect(claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW })).toEqual([]); // the lease is held

  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(0); // leases are the watch's, not the heal's
  let monotonicMs = 0;
  const watch = new LeaseWatch({ leaseSec: 60, monotonicMs: () => monotonicMs });
  expect(watch.expireStale(db)).toBe(0); // first sight
  monotonicMs = 59_999;
  expect(watch.expireStale(db)).toBe(0); // not yet a whole lease length
  expect(claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW + 30 })).toEqual([]);
  monotonicMs = 60_000;
  expect(watch.expireStale(db)).toBe(1);
  expect(claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW + 60 }).map((r) => r.id)).toEqual([id]);
  expect(times(id)).toMatchObject({ lease_owner: CORRECT, lease_until: NOW + 120 });
});

test('a backoff ending a day ahead is cut to now + the longest backoff', () => {
  const id = add(1);
  claimDueRows(db, { owner: CORRECT, now: NOW });
  scheduleRetry(db, CORRECT, id, { error: 'http 503', nextAttemptAt: NOW + DAY });
  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(1);
  expect(times(id).next_attempt_at).toBe(NOW + 300);
  expect(claimDueRows(db, { owner: CORRECT, now: NOW + 299 })).toEqual([]);
  expect(claimDueRows(db, { owner: CORRECT, now: NOW + 300 }).map((r) => r.id)).toEqual([id]);
});

test('times at or within the policy maximum are left alone, and nothing is written', () => {
  const [leased, backedOff] = [add(1), add(2)];
  claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW, limit: 1 });
  claimDueRows(db, { owner: CORRECT, now: NOW, afterId: leased });
  scheduleRetry(db, CORRECT, backedOff, { error: 'http 503', nextAttemptAt: NOW + 300 });
  const before = [times(leased), times(backedOff)];
  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(0);
  expect([times(leased), times(backedOff)]).toEqual(before);
  expect(before[0]?.lease_until).toBe(NOW + 60); // exactly at the limit: not "beyond"
});

test('a dead row keeps its times: only pending rows are healed', () => {
  const id = add(1);
  claimDueRows(db, { owner: CORRECT, now: NOW });
  scheduleRetry(db, CORRECT, id, { error: 'http 503', nextAttemptAt: NOW + DAY });
  claimDueRows(db, { owner: CORRECT, now: NOW, ignoreBackoff: true });
  markDead(db, CORRECT, id, { error: 'http 422', now: NOW });
  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(0);
  expect(times(id).next_attempt_at).toBe(NOW + DAY);
});

test('a lease and a backoff a day ahead in one brain: the heal cuts the backoff, the watch frees the lease', () => {
  const [leased, backedOff] = [add(1), add(2)];
  claimDueRows(db, { owner: CORRECT, now: NOW, limit: 1, afterId: leased });
  scheduleRetry(db, CORRECT, backedOff, { error: 'http 503', nextAttemptAt: NOW + DAY });
  claimDueRows(db, { owner: AHEAD, leaseSec: 60, now: NOW + DAY, limit: 1 });
  expect(times(leased).lease_until).toBe(NOW + DAY + 60);
  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(1);
  expect(times(backedOff).next_attempt_at).toBe(NOW + 300);
  expect(times(leased).lease_until).toBe(NOW + DAY + 60);
  let monotonicMs = 0;
  const watch = new LeaseWatch({ leaseSec: 60, monotonicMs: () => monotonicMs });
  watch.expireStale(db);
  monotonicMs = 60_000;
  expect(watch.expireStale(db)).toBe(1);
  expect(times(leased)).toMatchObject({ lease_owner: null, lease_until: null });
});
