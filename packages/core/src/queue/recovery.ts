import type { Database } from 'better-sqlite3';
import { prepared } from '../storage/prepared';
import { nowSeconds } from './types';

/** Rows made due again per transaction: a few ms of write lock each, however long the backlog. */
export const REVIVE_CHUNK_ROWS = 1_000;

/*
 * Endpoint health shared by every row (issue 19): each row keeps its own exponential backoff, so
 * after an outage a row that failed 6 times waits up to a minute more although the endpoint is
 * healthy again. When a request succeeds after failures, every row waiting on a network or 5xx
 * (or 408) backoff — whichever process wrote it: they are all in this table — becomes due now;
 * the adaptive concurrency limit then paces them. Rows waiting on a rate limit (429) or a pause
 * keep their time: the pause in `meta` decides those.
 */
const WAITING_ON_OUTAGE_SQL = `
  SELECT id, COALESCE(next_attempt_at, enqueued_at) AS due FROM sync_queue INDEXED BY idx_sync_queue_due
  WHERE synced_at IS NULL AND COALESCE(next_attempt_at, enqueued_at) > @now AND COALESCE(next_attempt_at, enqueued_at) >= @cursor
    AND lease_until IS NULL AND dead_at IS NULL AND last_error IS NOT NULL
    AND (last_status IS NULL OR last_status = 408 OR last_status >= 500)
  ORDER BY COALESCE(next_attempt_at, enqueued_at)
  LIMIT @limit`;

/**
 * Makes every unleased row waiting on a network, 408 or 5xx backoff due at `now`, in chunks of
 * `chunkRows` (one short transaction each). Returns how many rows it changed.
 */
export function reviveBackedOffRows(db: Database, options: { now?: number; chunkRows?: number } = {}): number {
  const now = options.now ?? nowSeconds();
  const limit = options.chunkRows ?? REVIVE_CHUNK_ROWS;
  const select = prepared(db, WAITING_ON_OUTAGE_SQL);
  // Read first (no write lock when nothing waits), then one chunk per transaction. Revived rows
  // leave the range (due now), so the cursor only skips rows passed over (a 429 among them).
  let cursor = now;
  let revived = 0;
  for (;;) {
    const rows = select.all({ now, cursor, limit }) as Array<{ id: number; due: number }>;
    if (rows.length === 0) return revived;
    const changed = db.transaction(() => prepared(
      db,
      `UPDATE sync_queue SET next_attempt_at = @now
       WHERE id IN (SELECT value FROM json_each(@ids)) AND synced_at IS NULL AND lease_until IS NULL
         AND COALESCE(next_attempt_at, enqueued_at) > @now`,
    ).run({ now, ids: JSON.stringify(rows.map((row) => row.id)) }).changes).immediate();
    revived += changed;
    if (rows.length < limit || changed === 0) return revived;
    cursor = (rows[rows.length - 1] as { due: number }).due;
  }
}
