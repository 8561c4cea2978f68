import path from 'node:path';
import { capFutureTimes, claimDueRows, enqueue, leaseOwnerId, openBrainDatabase, scheduleRetry } from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

/*
 * Issue 10 (lock contention): a worker round with nothing to do must not take SQLite's write lock,
 * which the agent's correct() needs for every correction. Proved without timing: another
 * connection (standing in for the agent) holds the write lock, and the worker's connection has
 * busy_timeout 0, so any attempt to open a write transaction fails at once with SQLITE_BUSY.
 */

const NOW = 1_800_000_000;
const WORKER = leaseOwnerId('w', 111, 'host-1');
const OTHER = leaseOwnerId('o', 222, 'host-1');

let agent: Database;
let worker: Database;

beforeEach(() => {
  const file = path.join(tmpDir(), 'system.db');
  agent = openBrainDatabase(file);
  worker = openBrainDatabase(file);
  worker.pragma('busy_timeout = 0');
});
afterEach(() => {
  if (agent.inTransaction) agent.exec('ROLLBACK');
  agent.close();
  worker.close();
});

function holdWriteLock(): void {
  agent.exec('BEGIN IMMEDIATE');
}

it('an idle worker (empty outbox) claims nothing and heals nothing without the write lock', () => {
  holdWriteLock();
  expect(claimDueRows(worker, { owner: WORKER, now: NOW })).toEqual([]);
  expect(claimDueRows(worker, { owner: WORKER, now: NOW, ignoreBackoff: true })).toEqual([]);
  expect(capFutureTimes(worker, { maxBackoffSec: 300, maxLeaseSec: 60, now: NOW })).toBe(0);
});

it('rows all backing off or leased elsewhere: the claim reads, finds nothing due, and takes no lock', () => {
  const backingOff = enqueue(agent, 'event', { n: 1 }, { eventId: 'E1' });
  enqueue(agent, 'event', { n: 2 }, { eventId: 'E2' });
  expect(claimDueRows(agent, { owner: OTHER, now: NOW - 1 })).toHaveLength(2);
  scheduleRetry(agent, OTHER, backingOff, { error: 'http 503', nextAttemptAt: NOW + 30 });
  // Now: E1 backs off until NOW + 30, E2 is leased by another worker until NOW + 59.
  holdWriteLock();
  expect(claimDueRows(worker, { owner: WORKER, now: NOW })).toEqual([]);
  // A drain ignores backoff, so E1 is due for it: claiming it needs the lock (the check can fail).
  expect(() => claimDueRows(worker, { owner: WORKER, now: NOW, ignoreBackoff: true })).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
  // Past every row (a drain's later round): nothing to claim, no lock.
  expect(claimDueRows(worker, { owner: WORKER, now: NOW, ignoreBackoff: true, afterId: 1_000 })).toEqual([]);
  expect(capFutureTimes(worker, { maxBackoffSec: 300, maxLeaseSec: 60, now: NOW })).toBe(0);
});

it('a due row is claimed once the lock is free; a time beyond the policy still gets capped', () => {
  const id = enqueue(agent, 'event', { n: 1 }, { eventId: 'E1' });
  holdWriteLock();
  expect(() => claimDueRows(worker, { owner: WORKER, now: NOW })).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
  agent.exec('COMMIT');
  const [row] = claimDueRows(worker, { owner: WORKER, now: NOW });
  expect(row?.id).toBe(id);
  scheduleRetry(worker, WORKER, id, { error: 'http 503', nextAttemptAt: NOW + 86_400 });
  expect(capFutureTimes(worker, { maxBackoffSec: 300, maxLeaseSec: 60, now: NOW })).toBe(1);
  expect(claimDueRows(worker, { owner: WORKER, now: NOW + 301 }).map((r) => r.id)).toEqual([id]);
});
