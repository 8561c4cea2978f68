import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openBrainDatabase, queueStats } from '@gradata/core';
import { GROWTH_INDEXES, olderBrainFile } from '../helpers/older-brain';
import { tmpDir } from '../helpers/tmp';

/** A brain as the previous release left it: migrations 1–4 only, with rows in every table. */
function olderBrain(): string {
  return olderBrainFile((db) => {
    const lesson = db.prepare("INSERT INTO lessons (category, description, updated_at) VALUES ('TONE', ?, ?)");
    const row = db.prepare("INSERT INTO sync_queue (payload_json, kind, enqueued_at, synced_at, dead_at, attempts) VALUES ('{}', 'correction', 1, ?, ?, ?)");
    for (let i = 0; i < 50; i++) lesson.run(`lesson ${i}`, `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`);
    for (let i = 0; i < 7; i++) row.run(null, null, i % 2); // 7 pending, 3 of them failing
    for (let i = 0; i < 5; i++) row.run(100, null, 0); // 5 synced
    for (let i = 0; i < 2; i++) row.run(100, 100, 1); // 2 dead
  });
}

function indexNames(db: BetterSqlite3.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string }>).map((r) => r.name);
}

it('an older brain gains the growth indexes and exact outbox counts on open, once', () => {
  const file = olderBrain();
  const before = new BetterSqlite3(file);
  expect(indexNames(before)).not.toContain('idx_lessons_recent');
  before.close();

  const db = openBrainDatabase(file);
  expect(indexNames(db)).toEqual(expect.arrayContaining(GROWTH_INDEXES));
  expect(indexNames(db)).not.toContain('idx_sync_queue_synced'); // replaced by idx_sync_queue_delivered
  expect(queueStats(db)).toMatchObject({ pending: 7, failing: 3, synced: 5, dead: 2 });
  const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM lessons WHERE category = 'TONE' AND state != 'KILLED' ORDER BY updated_at DESC, id DESC LIMIT 200").all() as Array<{ detail: string }>;
  expect(plan.map((p) => p.detail)).toEqual(['SEARCH lessons USING INDEX idx_lessons_recent (category=?)']);
  const applied = db.prepare('SELECT applied_at FROM migrations WHERE id = 5').all();
  expect(applied).toHaveLength(1);
  db.close();

  // A second open finds it applied and changes nothing.
  const again = openBrainDatabase(file);
  expect(again.prepare('SELECT applied_at FROM migrations WHERE id = 5').all()).toEqual(applied);
  expect(queueStats(again)).toMatchObject({ pending: 7, failing: 3, synced: 5, dead: 2 });
  again.close();
});

it('a Python-made outbox gets exact counts too', () => {
  const file = path.join(tmpDir(), 'system.db');
  const python = new BetterSqlite3(file);
  python.exec(`
    CREATE TABLE sync_queue (
      id INTEGER PRIMARY KEY AUTOINCREMENT, payload_json TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('correction','lesson','event')), enqueued_at REAL NOT NULL,
      synced_at REAL, attempts INTEGER DEFAULT 0, last_error TEXT);
    CREATE INDEX idx_sync_queue_pending ON sync_queue(synced_at) WHERE synced_at IS NULL;
    INSERT INTO sync_queue (payload_json, kind, enqueued_at, attempts) VALUES ('{}', 'event', 1, 2), ('{}', 'event', 2, 0);
    INSERT INTO sync_queue (payload_json, kind, enqueued_at, synced_at) VALUES ('{}', 'lesson', 3, 4);
  `);
  python.close();
  const db = openBrainDatabase(file);
  expect(queueStats(db)).toMatchObject({ pending: 2, failing: 1, synced: 1, dead: 0, oldestPendingAt: 1 });
  db.close();
});
