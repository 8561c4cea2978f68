/**
 * Times written by a clock that was a day ahead, read on a correct clock: a lease or a backoff end
 * further ahead than the policy ever sets is cut back to now + that maximum, so the row is claimable
 * within a lease length (not a day). Every call takes its `now`: the clock is injected, nothing waits.
 */
import path from 'node:path';
import { capFutureTimes, claimDueRows, enqueue, leaseOwnerId, markDead, nextDueAt, openBrainDatabase, scheduleRetry } from '@gradata/core';
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

test('a lease stamped a day ahead is cut to now + the lease length, and another owner then claims the row', () => {
  const id = add(1);
  expect(claimDueRows(db, { owner: AHEAD, leaseSec: 60, now: NOW + DAY }).map((r) => r.id)).toEqual([id]);
  expect(times(id).lease_until).toBe(NOW + DAY + 60);
  expect(claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW })).toEqual([]); // the lease is live

  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(1);
  expect(times(id)).toMatchObject({ lease_owner: AHEAD, lease_until: NOW + 60 });
  expect(nextDueAt(db, NOW)).toBe(NOW + 60);
  expect(claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW + 30 })).toEqual([]); // still its owner's for now
  expect(claimDueRows(db, { owner: CORRECT, leaseSec: 60, now: NOW + 61 }).map((r) => r.id)).toEqual([id]);
  expect(times(id).lease_owner).toBe(CORRECT);
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

test('a lease and a backoff a day ahead in one brain are healed in one call', () => {
  const [leased, backedOff] = [add(1), add(2)];
  claimDueRows(db, { owner: CORRECT, now: NOW, limit: 1, afterId: leased });
  scheduleRetry(db, CORRECT, backedOff, { error: 'http 503', nextAttemptAt: NOW + DAY });
  claimDueRows(db, { owner: AHEAD, leaseSec: 60, now: NOW + DAY, limit: 1 });
  expect(times(leased).lease_until).toBe(NOW + DAY + 60);
  expect(capFutureTimes(db, { ...LIMITS, now: NOW })).toBe(2);
  expect(times(leased).lease_until).toBe(NOW + 60);
  expect(times(backedOff).next_attempt_at).toBe(NOW + 300);
});
