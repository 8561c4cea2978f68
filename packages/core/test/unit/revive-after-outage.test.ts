import path from 'node:path';
import { enqueue, openBrainDatabase, reviveBackedOffRows } from '@gradata/core';
import type { Database } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

// Issue 19, item 3: the SQL that makes rows waiting on an outage due again when the endpoint answers.
let db: Database;
const NOW = 1_800_000_000;

beforeEach(() => {
  db = openBrainDatabase(path.join(tmpDir(), 'system.db'));
});
afterEach(() => db.close());

function row(status: number | null, error: string | null, nextAttemptAt: number | null, extra = ''): number {
  const id = enqueue(db, 'event', { status, extra });
  db.prepare(`UPDATE sync_queue SET last_status = ?, last_error = ?, next_attempt_at = ?, attempts = 3 ${extra} WHERE id = ?`).run(status, error, nextAttemptAt, id);
  return id;
}
const nextAttempt = (id: number): number | null => (db.prepare('SELECT next_attempt_at FROM sync_queue WHERE id = ?').get(id) as { next_attempt_at: number | null }).next_attempt_at;

test('rows backing off from a 5xx, a 408 or a network error are due now; a 429, a leased, a fresh or an already-due row keep their time', () => {
  const revived = [row(503, 'http 503', NOW + 200), row(500, 'http 500', NOW + 10), row(408, 'http 408', NOW + 60), row(null, 'network: ECONNRESET', NOW + 300)];
  const kept = [
    row(429, 'http 429', NOW + 200),
    row(503, 'http 503', NOW + 200, ", lease_owner = 'x:1:h', lease_until = 1"),
    row(null, null, null),
    row(503, 'http 503', NOW - 5),
  ];
  const before = kept.map(nextAttempt);
  expect(reviveBackedOffRows(db, { now: NOW })).toBe(4);
  expect(revived.map(nextAttempt)).toEqual([NOW, NOW, NOW, NOW]);
  expect(kept.map(nextAttempt)).toEqual(before);
  expect(reviveBackedOffRows(db, { now: NOW })).toBe(0);
});

test('a long backlog is revived in chunks, every row once', () => {
  const ids = Array.from({ length: 25 }, (_, i) => row(i % 5 === 0 ? 429 : 502, 'e', NOW + 100 + (i % 3)));
  expect(reviveBackedOffRows(db, { now: NOW, chunkRows: 4 })).toBe(20);
  expect(ids.filter((id) => nextAttempt(id) === NOW)).toHaveLength(20);
});
