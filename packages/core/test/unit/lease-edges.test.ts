import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  ackSynced, claimDueRows, enqueue, isProcessAlive, lastPendingError, leaseOwnerId, markDead, openBrainDatabase,
  pruneSynced, purgeDead, reclaimOrphanedLeases, releaseLeases, requeueDead, scheduleRetry,
} from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

// Edges of the lease and outbox SQL that the mutation run (npm run test:mutation) showed unguarded.
let db: Database;
const NOW = 1_800_000_000;
const OWNER = leaseOwnerId('w', 4242, 'host-1');

beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

interface Row { id: number; attempts: number; last_error: string | null; last_status: number | null; synced_at: number | null; dead_at: number | null; lease_owner: string | null }
const row = (id: number): Row => db.prepare('SELECT id, attempts, last_error, last_status, synced_at, dead_at, lease_owner FROM sync_queue WHERE id = ?').get(id) as Row;
const fill = (n: number): number[] => Array.from({ length: n }, (_, i) => enqueue(db, 'event', { i }, { eventId: `E${i}` }));

test('ack, retry and dead marks record the status; retry and dead cut the error to 500 characters', () => {
  const [a, b, c] = fill(3) as [number, number, number];
  claimDueRows(db, { owner: OWNER, now: NOW });
  expect(ackSynced(db, OWNER, [a], { status: 201, now: NOW })).toBe(1);
  expect(row(a)).toMatchObject({ last_status: 201, synced_at: NOW, lease_owner: null });
  expect(scheduleRetry(db, OWNER, b, { error: 'x'.repeat(900), status: 503, nextAttemptAt: NOW + 5 })).toBe(1);
  expect(row(b)).toMatchObject({ attempts: 1, last_status: 503, synced_at: null });
  expect(row(b).last_error).toHaveLength(500);
  expect(markDead(db, OWNER, c, { error: 'y'.repeat(900), status: 422, now: NOW })).toBe(1);
  expect(row(c)).toMatchObject({ attempts: 1, last_status: 422, dead_at: NOW, synced_at: NOW });
  expect(row(c).last_error).toHaveLength(500);
});

test('releaseLeases with ids frees exactly those rows; an empty list frees nothing', () => {
  const [a, b] = fill(2) as [number, number];
  claimDueRows(db, { owner: OWNER, now: NOW });
  expect(releaseLeases(db, OWNER, [])).toBe(0);
  expect(releaseLeases(db, OWNER, [a])).toBe(1);
  expect([row(a).lease_owner, row(b).lease_owner]).toEqual([null, OWNER]);
  expect(releaseLeases(db, OWNER)).toBe(1);
  expect(row(b).lease_owner).toBeNull();
});

test('orphaned leases: only an owner id naming this host, pid namespace and boot is reclaimed at once; the others wait for expiry', () => {
  const ids = fill(4);
  // The third is an older release's owner id (pid and host, no namespace or boot): its pid is not
  // known to be comparable with ours, so its lease runs out instead of being taken.
  const owners = ['no-colons-at-all', 'only:1234', ':4343:host-1', leaseOwnerId('z', 4444, 'host-1')];
  ids.forEach((id, i) => db.prepare('UPDATE sync_queue SET lease_owner = ?, lease_until = ? WHERE id = ?').run(owners[i], NOW + 60, id));
  const asked: number[] = [];
  const freed = reclaimOrphanedLeases(db, { host: 'host-1', isAlive: (pid) => (asked.push(pid), false), now: NOW });
  expect(freed).toBe(1);
  expect(asked).toEqual([4444]);
  expect(ids.map((id) => row(id).lease_owner)).toEqual(['no-colons-at-all', 'only:1234', ':4343:host-1', null]);
});

test('reclaim without an explicit now reads the clock (a live lease of a gone process comes back)', () => {
  const [a] = fill(1) as [number];
  db.prepare('UPDATE sync_queue SET lease_owner = ?, lease_until = ? WHERE id = ?').run(leaseOwnerId('q', 99, 'h'), Date.now() / 1000 + 60, a);
  expect(reclaimOrphanedLeases(db, { host: 'h', isAlive: () => false })).toBe(1);
});

test('isProcessAlive: this process is, a process that has exited is not', () => {
  expect(isProcessAlive(process.pid)).toBe(true);
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  expect(isProcessAlive(Number(gone.stdout))).toBe(false);
});

test('lastPendingError: null on an empty queue, else the newest pending error', () => {
  expect(lastPendingError(db)).toBeNull();
  const [a, b] = fill(2) as [number, number];
  claimDueRows(db, { owner: OWNER, now: NOW });
  scheduleRetry(db, OWNER, a, { error: 'older', nextAttemptAt: NOW });
  scheduleRetry(db, OWNER, b, { error: 'newer', nextAttemptAt: NOW });
  expect(lastPendingError(db)).toBe('newer');
});

test('requeueDead and purgeDead: an empty id list touches nothing, a list only its rows, no list all dead rows', () => {
  const ids = fill(4);
  claimDueRows(db, { owner: OWNER, now: NOW });
  for (const id of ids) markDead(db, OWNER, id, { error: 'e', now: NOW });
  expect(requeueDead(db, [])).toBe(0);
  expect(purgeDead(db, [])).toBe(0);
  expect(requeueDead(db, [ids[0] as number])).toBe(1);
  expect(row(ids[0] as number)).toMatchObject({ dead_at: null, synced_at: null, attempts: 0 });
  expect(purgeDead(db, [ids[1] as number])).toBe(1);
  expect(row(ids[1] as number)).toBeUndefined();
  expect(requeueDead(db)).toBe(2);
  expect(purgeDead(db)).toBe(0);
});

test('pruneSynced keeps 7 days by default', () => {
  const [recent, old] = fill(2) as [number, number];
  const day = 86_400;
  db.prepare('UPDATE sync_queue SET synced_at = ? WHERE id = ?').run(NOW - 6 * day, recent);
  db.prepare('UPDATE sync_queue SET synced_at = ? WHERE id = ?').run(NOW - 8 * day, old);
  expect(pruneSynced(db, { now: NOW })).toBe(1);
  expect(row(recent)).toBeDefined();
  expect(row(old)).toBeUndefined();
});

test('enqueue: the same event id returns the first row id even after other inserts; bad input is named', () => {
  const first = enqueue(db, 'event', { n: 1 }, { eventId: 'SAME' });
  enqueue(db, 'event', { n: 2 }, { eventId: 'OTHER' });
  expect(enqueue(db, 'event', { n: 3 }, { eventId: 'SAME' })).toBe(first);
  expect(() => enqueue(db, 'bogus' as never, {})).toThrow('sync_queue kind must be one of correction, lesson, event; got "bogus"');
  expect(() => enqueue(db, 'event', undefined)).toThrow('sync_queue payload must be JSON-serialisable');
});
