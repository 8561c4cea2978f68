import type { Database } from 'better-sqlite3';
import type { Migration } from './migration';

/*
 * Indexes and counters that keep every per-correction and per-round statement O(log n) as a brain
 * grows for years (SPEC §14.8). Each index is shaped to one query's WHERE and ORDER BY, so the
 * planner neither scans a table nor sorts in a temp B-tree; see test/unit/query-plans.test.ts.
 */

/** The four outbox states, as SQL over a row alias (NEW / OLD), matching `queueStats` of old. */
const STATES = {
  pending: (r: string) => `(${r}.synced_at IS NULL)`,
  failing: (r: string) => `(${r}.synced_at IS NULL AND COALESCE(${r}.attempts, 0) > 0)`,
  synced: (r: string) => `(${r}.synced_at IS NOT NULL AND ${r}.dead_at IS NULL)`,
  dead: (r: string) => `(${r}.synced_at IS NOT NULL AND ${r}.dead_at IS NOT NULL)`,
};

function counterUpdate(plus: string | null, minus: string | null): string {
  const terms = Object.entries(STATES).map(([column, state]) => {
    const delta = [plus ? `+ ${state(plus)}` : '', minus ? `- ${state(minus)}` : ''].join(' ');
    return `${column} = ${column} ${delta}`;
  });
  return `UPDATE sync_queue_counts SET ${terms.join(', ')} WHERE id = 1;`;
}

/** Statement fragments shared with the counting code, so the initial count and the triggers agree. */
export const OUTBOX_STATE_SQL = {
  pending: 'synced_at IS NULL',
  failing: 'synced_at IS NULL AND COALESCE(attempts, 0) > 0',
  synced: 'synced_at IS NOT NULL AND dead_at IS NULL',
  dead: 'synced_at IS NOT NULL AND dead_at IS NOT NULL',
} as const;

export const growthIndexes: Migration = {
  id: 5,
  name: 'growth-indexes-and-outbox-counters',
  up(db: Database) {
    db.exec(`
      -- The lesson candidate query: the most recently active live lessons of one category.
      CREATE INDEX IF NOT EXISTS idx_lessons_recent ON lessons(category, updated_at DESC, id DESC) WHERE state != 'KILLED';
      -- brain.lessons({ state }): one state's lessons by id, paged.
      CREATE INDEX IF NOT EXISTS idx_lessons_state ON lessons(state);
      -- brain.corrections(): newest CORRECTION events first, paged by id.
      CREATE INDEX IF NOT EXISTS idx_events_type_id ON events(type, id);
      -- The worker's claim: pending rows in order of when they are due (a fresh row is due when
      -- enqueued, a retried one when its backoff ends); lease_until lets it skip leased rows index-only.
      CREATE INDEX IF NOT EXISTS idx_sync_queue_due ON sync_queue(COALESCE(next_attempt_at, enqueued_at), lease_until) WHERE synced_at IS NULL;
      -- Leases: release by owner, orphan reclaim, the next lease expiry. Only leased rows are in it.
      CREATE INDEX IF NOT EXISTS idx_sync_queue_lease ON sync_queue(lease_owner, lease_until) WHERE lease_owner IS NOT NULL;
      -- The newest error on a pending row (status without a worker): only failing rows are in it.
      CREATE INDEX IF NOT EXISTS idx_sync_queue_pending_error ON sync_queue(id) WHERE synced_at IS NULL AND last_error IS NOT NULL;
      -- Dead letters listed oldest first and paged by id.
      CREATE INDEX IF NOT EXISTS idx_sync_queue_dead_id ON sync_queue(id) WHERE dead_at IS NOT NULL;
      -- Delivered rows only (not dead): retention pruning and the last delivery time.
      CREATE INDEX IF NOT EXISTS idx_sync_queue_delivered ON sync_queue(synced_at) WHERE synced_at IS NOT NULL AND dead_at IS NULL;

      -- syncStatus() counts without counting: kept by triggers, so they hold for any writer
      -- (a Python SDK sharing the brain included).
      CREATE TABLE IF NOT EXISTS sync_queue_counts (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pending INTEGER NOT NULL, failing INTEGER NOT NULL, synced INTEGER NOT NULL, dead INTEGER NOT NULL
      );
      -- The first count reads indexes, not the table (one scan fewer on a big outbox): delivered
      -- = every row with synced_at (the old idx_sync_queue_synced, index-only) minus the dead ones.
      INSERT OR REPLACE INTO sync_queue_counts (id, pending, failing, synced, dead)
        SELECT 1, pending, failing, everSynced - dead, dead FROM (SELECT
          (SELECT COUNT(*) FROM sync_queue WHERE ${OUTBOX_STATE_SQL.pending}) AS pending,
          (SELECT COUNT(*) FROM sync_queue WHERE ${OUTBOX_STATE_SQL.failing}) AS failing,
          (SELECT COUNT(*) FROM sync_queue WHERE synced_at IS NOT NULL) AS everSynced,
          (SELECT COUNT(*) FROM sync_queue WHERE ${OUTBOX_STATE_SQL.dead}) AS dead);
      -- Replaced by idx_sync_queue_dead_id and idx_sync_queue_delivered.
      DROP INDEX IF EXISTS idx_sync_queue_dead;
      DROP INDEX IF EXISTS idx_sync_queue_synced;
      CREATE TRIGGER IF NOT EXISTS sync_queue_counts_insert AFTER INSERT ON sync_queue BEGIN
        ${counterUpdate('NEW', null)}
      END;
      CREATE TRIGGER IF NOT EXISTS sync_queue_counts_delete AFTER DELETE ON sync_queue BEGIN
        ${counterUpdate(null, 'OLD')}
      END;
      CREATE TRIGGER IF NOT EXISTS sync_queue_counts_update AFTER UPDATE OF synced_at, dead_at, attempts ON sync_queue BEGIN
        ${counterUpdate('NEW', 'OLD')}
      END;
    `);
  },
};
