import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openBrainDatabase } from '@gradata/core';
import { tmpDir } from './tmp';

/** The indexes migration 5 adds. */
export const GROWTH_INDEXES = [
  'idx_lessons_recent', 'idx_lessons_state', 'idx_events_type_id', 'idx_sync_queue_due', 'idx_sync_queue_lease',
  'idx_sync_queue_pending_error', 'idx_sync_queue_dead_id', 'idx_sync_queue_delivered',
];

/**
 * A brain file as the previous release left it: migrations 1–4 only (migration 5's indexes,
 * counters and triggers removed, the two indexes it replaces back). `seed` fills it, then it is closed.
 */
export function olderBrainFile(seed: (db: BetterSqlite3.Database) => void): string {
  const file = path.join(tmpDir(), 'system.db');
  openBrainDatabase(file).close();
  const db = new BetterSqlite3(file);
  db.exec(`
    ${GROWTH_INDEXES.map((name) => `DROP INDEX ${name};`).join('\n')}
    DROP TRIGGER sync_queue_counts_insert; DROP TRIGGER sync_queue_counts_delete; DROP TRIGGER sync_queue_counts_update;
    DROP TABLE sync_queue_counts;
    CREATE INDEX idx_sync_queue_dead ON sync_queue(dead_at) WHERE dead_at IS NOT NULL;
    CREATE INDEX idx_sync_queue_synced ON sync_queue(synced_at) WHERE synced_at IS NOT NULL;
    DELETE FROM migrations WHERE id = 5;
  `);
  db.transaction(() => seed(db))();
  db.close();
  return file;
}
