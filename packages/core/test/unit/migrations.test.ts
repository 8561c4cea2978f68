import path from 'node:path';
import { openSqlite } from '../../src/storage/driver';
import type { BrainDatabase } from '../../src/storage/driver';
import { SCHEMA_VERSION, openBrainDatabase, peekPending, enqueue, runMigrations } from '@gradata/core';
import { tmpDir } from '../helpers/tmp';

function columns(db: BrainDatabase, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name);
}

it('creates the schema with the SPEC pragmas and records each migration once', () => {
  const file = path.join(tmpDir(), 'system.db');
  const db = openBrainDatabase(file);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
  expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  runMigrations(db);
  db.close();
  const again = openBrainDatabase(file);
  const recorded = again.prepare('SELECT id FROM migrations ORDER BY id').all() as Array<{ id: number }>;
  expect(recorded.map((r) => r.id)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
  expect(columns(again, 'sync_queue')).toEqual([
    'id', 'payload_json', 'kind', 'enqueued_at', 'synced_at', 'attempts', 'last_error',
    'event_id', 'next_attempt_at', 'lease_owner', 'lease_until', 'dead_at', 'last_status',
  ]);
  expect(columns(again, 'events')).toEqual(expect.arrayContaining(['brain_id', 'event_id', 'device_id', 'content_hash']));
  again.close();
});

it('synchronous FULL can be chosen', () => {
  const db = openBrainDatabase(path.join(tmpDir(), 'system.db'), { synchronous: 'FULL' });
  expect(db.pragma('synchronous', { simple: true })).toBe(2);
  db.close();
});

it('upgrades a Python-SDK sync_queue in place, keeping every pending row', () => {
  const file = path.join(tmpDir(), 'system.db');
  const python = openSqlite(file);
  python.exec(`
    CREATE TABLE sync_queue (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      payload_json TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('correction','lesson','event')),
      enqueued_at REAL NOT NULL,
      synced_at REAL,
      attempts INTEGER DEFAULT 0,
      last_error TEXT
    );
    CREATE INDEX idx_sync_queue_pending ON sync_queue(synced_at) WHERE synced_at IS NULL;
    INSERT INTO sync_queue (payload_json, kind, enqueued_at, attempts, last_error) VALUES
      ('{"a":1}', 'correction', 1700000000.5, 2, 'http 500'),
      ('{"a":2}', 'event', 1700000001.5, 0, NULL);
    INSERT INTO sync_queue (payload_json, kind, enqueued_at, synced_at) VALUES ('{"a":3}', 'lesson', 1700000002, 1700000003);
  `);
  python.close();

  const db = openBrainDatabase(file);
  expect(peekPending(db).map((r) => [r.payload, r.kind, r.enqueuedAt, r.attempts])).toEqual([
    [{ a: 1 }, 'correction', 1700000000.5, 2],
    [{ a: 2 }, 'event', 1700000001.5, 0],
  ]);
  expect(columns(db, 'sync_queue')).toEqual(expect.arrayContaining(['event_id', 'lease_owner', 'dead_at']));
  const next = enqueue(db, 'event', { a: 4 }, { eventId: 'E4' });
  expect(next).toBe(4);
  db.close();
});

it('refuses a file that is not a database and leaves it untouched', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const file = path.join(tmpDir(), 'system.db');
  fs.writeFileSync(file, 'this is not sqlite at all, it is a text file of reasonable length '.repeat(20));
  const before = fs.readFileSync(file);
  expect(() => openBrainDatabase(file)).toThrow(expect.objectContaining({ name: 'GradataStorageError', code: 'CORRUPT' }));
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});
