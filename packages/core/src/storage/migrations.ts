import type { Database } from 'better-sqlite3';
import { growthIndexes } from './growth-migration';
import type { Migration } from './migration';

export type { Migration } from './migration';

function columnNames(db: Database, table: string): Set<string> {
  const rows = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>;
  return new Set(rows.map((row) => row.name));
}

function addMissingColumns(db: Database, table: string, columns: Record<string, string>): void {
  const existing = columnNames(db, table);
  for (const [name, type] of Object.entries(columns)) {
    if (!existing.has(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
  }
}

const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'events-lessons-meta',
    up(db) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS events (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          ts TEXT NOT NULL,
          session INTEGER,
          type TEXT NOT NULL,
          source TEXT,
          data_json TEXT,
          tags_json TEXT
        );
        CREATE TABLE IF NOT EXISTS lessons (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          category TEXT NOT NULL,
          description TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'INSTINCT',
          confidence REAL NOT NULL DEFAULT 0.6,
          fire_count INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
      `);
      // Columns a Python-created `events` table may lack.
      addMissingColumns(db, 'events', {
        brain_id: 'TEXT',
        event_id: 'TEXT',
        device_id: 'TEXT',
        content_hash: 'TEXT',
      });
      addMissingColumns(db, 'lessons', {
        first_session: 'INTEGER',
        last_session: 'INTEGER',
        created_at: 'TEXT',
        updated_at: 'TEXT',
        source_event_ids: "TEXT NOT NULL DEFAULT '[]'",
      });
      db.exec(`
        CREATE UNIQUE INDEX IF NOT EXISTS idx_events_brain_event ON events(brain_id, event_id);
        CREATE INDEX IF NOT EXISTS idx_events_type_session ON events(type, session);
        CREATE INDEX IF NOT EXISTS idx_lessons_category ON lessons(category, state);
      `);
    },
  },
  {
    id: 2,
    name: 'sync-queue-python-compatible',
    up(db) {
      // Exactly the Python SDK's outbox, so a brain folder can move between the two SDKs.
      db.exec(`
        CREATE TABLE IF NOT EXISTS sync_queue (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          payload_json TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('correction','lesson','event')),
          enqueued_at REAL NOT NULL,
          synced_at REAL,
          attempts INTEGER DEFAULT 0,
          last_error TEXT
        );
        CREATE INDEX IF NOT EXISTS idx_sync_queue_pending ON sync_queue(synced_at) WHERE synced_at IS NULL;
      `);
    },
  },
  {
    id: 3,
    name: 'sync-queue-leases-and-dead-letters',
    up(db) {
      addMissingColumns(db, 'sync_queue', {
        event_id: 'TEXT',
        next_attempt_at: 'REAL',
        lease_owner: 'TEXT',
        lease_until: 'REAL',
        dead_at: 'REAL',
        last_status: 'INTEGER',
      });
      db.exec(`
        CREATE UNIQUE INDEX IF NOT EXISTS idx_sync_queue_event_id ON sync_queue(event_id) WHERE event_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS idx_sync_queue_dead ON sync_queue(dead_at) WHERE dead_at IS NOT NULL;
        CREATE INDEX IF NOT EXISTS idx_sync_queue_synced ON sync_queue(synced_at) WHERE synced_at IS NOT NULL;
      `);
    },
  },
  {
    id: 4,
    name: 'outbox-history',
    up(db) {
      // One row per event that ever had an outbox row. Retention pruning and purgeDead delete
      // sync_queue rows but never these, so backfill() can tell "never queued" from "queued, gone".
      // The trigger covers every writer of sync_queue, the Python SDK's too (its rows carry the
      // event id only inside the payload). Initial state: every event that has a row now.
      db.exec(`
        CREATE TABLE IF NOT EXISTS outbox_history (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS trg_sync_queue_history AFTER INSERT ON sync_queue
        BEGIN
          INSERT OR IGNORE INTO outbox_history (event_id)
          SELECT id FROM (SELECT COALESCE(NEW.event_id,
                            CASE WHEN json_valid(NEW.payload_json) THEN json_extract(NEW.payload_json, '$.event_id') END) AS id)
          WHERE typeof(id) = 'text';
        END;
        INSERT OR IGNORE INTO outbox_history (event_id)
          SELECT event_id FROM sync_queue WHERE event_id IS NOT NULL;
        INSERT OR IGNORE INTO outbox_history (event_id)
          SELECT json_extract(payload_json, '$.event_id') FROM sync_queue
          WHERE event_id IS NULL AND json_valid(payload_json) AND typeof(json_extract(payload_json, '$.event_id')) = 'text';
      `);
    },
  },
  growthIndexes,
];

/** The highest migration id this build knows. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].id;

/** Apply every migration not yet recorded; each in its own immediate transaction. */
export function runMigrations(db: Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT id FROM migrations').all() as Array<{ id: number }>).map((row) => row.id),
  );
  const record = db.prepare('INSERT OR IGNORE INTO migrations (id, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    db.transaction(() => {
      migration.up(db);
      record.run(migration.id, migration.name, new Date().toISOString());
    }).immediate();
  }
}
