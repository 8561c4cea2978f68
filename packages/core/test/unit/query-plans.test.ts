import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  LeaseWatch, capFutureTimes, countLeasedElsewhere, ackSynced, claimDueRows, enqueue, lastPendingError, listDead, markDead, markFailed, markSynced, nextDueAt,
  openBrainDatabase, peekPending, pruneSyncedChunk, queueStats, reclaimOrphanedLeases, releaseLeases, scheduleRetry,
} from '@gradata/core';
import { openTestBrain } from '../helpers/brain';
import { tmpDir } from '../helpers/tmp';

/*
 * SPEC §14.8: no statement on the hot path scans or sorts a table. Rather than a hand-kept list of
 * SQL, this test records every statement the code actually prepares while it records corrections,
 * answers the status and listing APIs and runs the worker's per-round queue calls, then checks
 * each one's EXPLAIN QUERY PLAN. A plan step may:
 *   - SEARCH by primary key or by an index whose constraint bounds the rows it reads;
 *   - SCAN a json_each list of ids (the ids the caller passed);
 *   - walk one of the few partial indexes listed below, each bounded by design.
 * It may never SCAN a table, use a TEMP B-TREE, or walk every pending row through the Python
 * SDK's idx_sync_queue_pending (synced_at=?) unless it reads the first rows in id order.
 */

/** Indexes a plan may SCAN or SEARCH without a bounding constraint, and why that is bounded. */
const BOUNDED_INDEXES: Record<string, string> = {
  idx_sync_queue_lease: 'holds only leased rows: those in flight (≤ batch × workers)',
  idx_sync_queue_pending_error: 'read newest first with LIMIT 1',
  idx_sync_queue_due: 'read in due order with LIMIT, stopping at the first row not yet due',
};

const captured = new Set<string>();
const originalPrepare = BetterSqlite3.prototype.prepare;

beforeAll(() => {
  BetterSqlite3.prototype.prepare = function prepare(this: BetterSqlite3.Database, sql: string) {
    captured.add(sql.replace(/\s+/g, ' ').trim());
    return originalPrepare.call(this, sql);
  } as typeof originalPrepare;
});
afterAll(() => {
  BetterSqlite3.prototype.prepare = originalPrepare;
});

/** Statements of opening and migrating a database: run once per open, not per correction. */
function isSetup(sql: string): boolean {
  return /^(PRAGMA|CREATE|DROP|ALTER)\b/i.test(sql) || /\bmigrations\b|sqlite_master/.test(sql);
}

/** What is wrong with one plan step, or null when it is bounded. */
function planProblem(sql: string, detail: string): string | null {
  if (/TEMP B-TREE/.test(detail)) return 'sorts in a temp B-tree';
  const bounded = Object.keys(BOUNDED_INDEXES).find((name) => new RegExp(`INDEX ${name}\\b`).test(detail));
  if (bounded) return null;
  if (/^SCAN json_each\b/.test(detail)) return null;
  if (/^SCAN\b/.test(detail)) return 'scans';
  if (/idx_sync_queue_pending \(synced_at=\?\)/.test(detail) && !/ORDER BY id (DESC )?LIMIT/.test(sql)) {
    return 'walks every pending row';
  }
  if (/^(SEARCH|LIST SUBQUERY|CORRELATED|SCALAR SUBQUERY|CREATE BLOOM FILTER|USE TEMP|MULTI-INDEX)/.test(detail)) return null;
  return `unexpected plan step`;
}

function problems(db: BetterSqlite3.Database, statements: Iterable<string>): string[] {
  const found: string[] = [];
  for (const sql of statements) {
    if (isSetup(sql)) continue;
    const explain: BetterSqlite3.Statement<unknown[]> = originalPrepare.call(db, `EXPLAIN QUERY PLAN ${sql}`);
    const plan = explain.all(...bindings(sql)) as Array<{ detail: string }>;
    for (const { detail } of plan) {
      const problem = planProblem(sql, detail);
      if (problem) found.push(`${problem}: ${detail}\n    in: ${sql}`);
    }
  }
  return found;
}

/** EXPLAIN needs a value for every parameter; the plan does not depend on them. */
function bindings(sql: string): unknown[] {
  const named = [...sql.matchAll(/@(\w+)/g)].map((m) => m[1]);
  if (named.length > 0) return [Object.fromEntries(named.map((name) => [name, name === 'ids' ? '[]' : 0]))];
  return Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 0);
}

const DRAFT = 'Hi Sam, I think we might be able to refund your order, maybe within 10 business days. Let me check.';
const FINAL = 'Hi Sam, we will refund your order within 5 business days. You will get a confirmation e-mail today.';

it('every statement of correct(), syncStatus(), the listings and the worker round uses a bounded plan', async () => {
  captured.clear();
  const dir = path.join(tmpDir(), 'brain');
  const brain = openTestBrain({ apiKey: 'plan-key' }, dir);
  await brain.correct(DRAFT, FINAL, { category: 'TONE' }); // creates a lesson
  await brain.correct(DRAFT, FINAL, { category: 'TONE', session: 2 }); // reinforces it
  await brain.correct('one two three four', 'one two three five', { category: 'FACTUAL' });
  brain.syncStatus();
  brain.lessons();
  brain.lessons({ state: 'INSTINCT', limit: 10, afterId: 1 });
  brain.corrections();
  brain.corrections({ session: 2, limit: 5, beforeId: 99 });
  brain.deadLetters({ afterId: 0 });

  // The worker's per-round calls, on a second connection as the worker thread has.
  const worker = openBrainDatabase(path.join(dir, 'system.db'));
  const owner = 'plan:1:host';
  const extra = enqueue(worker, 'event', { n: 1 }, { eventId: 'plan-extra' });
  const due = claimDueRows(worker, { owner });
  const drain = claimDueRows(worker, { owner: 'plan:2:host', ignoreBackoff: true, afterId: 0 });
  expect(due.length + drain.length).toBe(4);
  ackSynced(worker, owner, [due[0].id], { status: 200 });
  // A backoff end a day ahead (a clock stepped back), so capFutureTimes below runs its update too.
  scheduleRetry(worker, owner, due[1].id, { error: 'http 503', nextAttemptAt: Date.now() / 1000 + 86_400 });
  markDead(worker, owner, due[2].id, { error: 'http 422' });
  releaseLeases(worker, owner, [extra]);
  releaseLeases(worker, owner);
  reclaimOrphanedLeases(worker, { host: 'host', isAlive: () => false });
  nextDueAt(worker);
  capFutureTimes(worker, { maxBackoffSec: 300 });
  new LeaseWatch({ leaseSec: 60, monotonicMs: () => 0 }).expireStale(worker);
  countLeasedElsewhere(worker, owner);
  queueStats(worker);
  lastPendingError(worker);
  listDead(worker, 10, { afterId: 0 });
  pruneSyncedChunk(worker, { olderThanSec: 0, now: Date.now() / 1000 + 10 });
  // Python-compatible CRUD (fixed API, SPEC §3).
  peekPending(worker, 10);
  markFailed(worker, [extra], 'boom');
  markSynced(worker, [extra]);

  const statements = [...captured];
  // The test checks what matters only if those statements were really run and captured.
  for (const part of ['FROM lessons WHERE category = ?', 'INSERT INTO events', 'INSERT OR IGNORE INTO sync_queue',
    'FROM meta WHERE key = ?', 'FROM sync_queue_counts', 'INDEXED BY idx_sync_queue_due', 'DELETE FROM sync_queue WHERE id IN',
    "FROM events WHERE type = 'CORRECTION'", 'UPDATE lessons SET fire_count', 'SET next_attempt_at = CASE', 'INDEXED BY idx_sync_queue_lease WHERE lease_owner IS NOT NULL', 'lease_owner <> ?',
    'SELECT 1 FROM sync_queue INDEXED BY idx_sync_queue_due', 'SELECT 1 FROM sync_queue WHERE synced_at IS NULL AND id > @afterId']) {
    expect(statements.some((sql) => sql.includes(part))).toBe(true);
  }
  // The counters' triggers run inside those statements, where EXPLAIN does not show them.
  const triggers = (worker.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sync_queue'").all() as Array<{ sql: string }>)
    .flatMap(({ sql }) => [...sql.matchAll(/(UPDATE sync_queue_counts[^;]*);/g)].map((m) => m[1].replace(/\b(NEW|OLD)\.\w+/g, '0')));
  expect(triggers).toHaveLength(3);

  expect(problems(worker, [...statements, ...triggers])).toEqual([]);
  worker.close();
  await brain.close();
});

it('fails a plan that sorts lessons or walks the pending rows (the check itself can fail)', () => {
  const db = openBrainDatabase(':memory:');
  db.exec('DROP INDEX idx_lessons_recent');
  const candidate = "SELECT id FROM lessons WHERE category = ? AND state != 'KILLED' ORDER BY updated_at DESC, id DESC LIMIT ?";
  expect(problems(db, [candidate])).toEqual([expect.stringMatching(/^sorts in a temp B-tree/)]);
  expect(problems(db, ['SELECT COUNT(*) FROM sync_queue WHERE synced_at IS NULL'])).toEqual([expect.stringMatching(/^walks every pending row/)]);
  expect(problems(db, ['SELECT * FROM sync_queue WHERE kind = ?'])).toEqual([expect.stringMatching(/^scans/)]);
  db.close();
});
