import type { Database } from '../storage/database';
import { prepared } from '../storage/prepared';
import { nowSeconds } from './types';
import type { QueueKind } from './types';

const SEVEN_DAYS_SEC = 7 * 24 * 3600;

/** Outbox counts for status displays (SPEC §7.7). */
export interface QueueStats {
  pending: number;
  inFlight: number;
  /** Pending rows that have failed at least once. */
  failing: number;
  dead: number;
  synced: number;
  /** Epoch seconds of the oldest pending row. */
  oldestPendingAt: number | null;
  /** Epoch seconds of the newest delivery recorded in the outbox. */
  lastSyncedAt: number | null;
}

/**
 * O(log n) however large the outbox: the four counts come from `sync_queue_counts` (kept by
 * triggers), the rest from index probes that touch only leased rows or one row each. `inFlight`
 * counts every lease held, whatever its `lease_until` says: that is another process's clock (issue
 * 19), so no count here depends on this one (`_now` is accepted for older callers).
 */
/** Pending rows, from the trigger-kept counters (one row read). */
export function pendingCount(db: Database): number {
  const row = prepared(db, 'SELECT pending FROM sync_queue_counts WHERE id = 1').get() as { pending: number } | undefined;
  return row?.pending ?? 0;
}

/** Pending rows under a lease, of any owner but `exceptOwner` ('' = every owner). */
export function countLeased(db: Database, exceptOwner = ''): number {
  return (prepared(
    db,
    // `+synced_at`: count through the lease index (rows in flight only), not every pending row.
    'SELECT COUNT(*) AS n FROM sync_queue WHERE lease_owner IS NOT NULL AND lease_owner <> ? AND +synced_at IS NULL',
  ).get(exceptOwner) as { n: number }).n;
}

export function queueStats(db: Database, _now?: number): QueueStats {
  const counts = prepared(db, 'SELECT pending, failing, synced, dead FROM sync_queue_counts WHERE id = 1').get() as
    | { pending: number; failing: number; synced: number; dead: number }
    | undefined;
  // Ids grow with enqueue time, so the first pending row by id is the oldest.
  const oldest = prepared(db, 'SELECT enqueued_at FROM sync_queue WHERE synced_at IS NULL ORDER BY id LIMIT 1').get() as
    | { enqueued_at: number }
    | undefined;
  const lastSynced = prepared(
    db,
    'SELECT synced_at FROM sync_queue WHERE synced_at IS NOT NULL AND dead_at IS NULL ORDER BY synced_at DESC LIMIT 1',
  ).get() as { synced_at: number } | undefined;
  return {
    pending: counts?.pending ?? 0,
    inFlight: countLeased(db),
    failing: counts?.failing ?? 0,
    dead: counts?.dead ?? 0,
    synced: counts?.synced ?? 0,
    oldestPendingAt: oldest?.enqueued_at ?? null,
    lastSyncedAt: lastSynced?.synced_at ?? null,
  };
}

/** The newest error recorded on a pending row, for status displays when no worker is running. */
export function lastPendingError(db: Database): string | null {
  const row = prepared(
    db,
    // Only rows that failed are in this index: one entry read, not a walk over every pending row.
    `SELECT last_error FROM sync_queue INDEXED BY idx_sync_queue_pending_error
     WHERE synced_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1`,
  ).get() as { last_error: string } | undefined;
  return row?.last_error ?? null;
}

/** A dead-lettered row, for `gradata dead list`. */
export interface DeadRow {
  id: number;
  kind: QueueKind;
  eventId: string | null;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  /** Epoch seconds. */
  deadAt: number;
  enqueuedAt: number;
}

/** Dead rows oldest first, a page at a time: pass the last id seen as `afterId` for the next page. */
export function listDead(db: Database, limit = 100, options: { afterId?: number } = {}): DeadRow[] {
  const rows = prepared(
    db,
    `SELECT id, kind, event_id, attempts, last_status, last_error, dead_at, enqueued_at
     FROM sync_queue WHERE dead_at IS NOT NULL AND id > ? ORDER BY id LIMIT ?`,
  ).all(options.afterId ?? 0, limit) as Array<{
    id: number; kind: QueueKind; event_id: string | null; attempts: number | null;
    last_status: number | null; last_error: string | null; dead_at: number; enqueued_at: number;
  }>;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    eventId: row.event_id,
    attempts: row.attempts ?? 0,
    lastStatus: row.last_status,
    lastError: row.last_error,
    deadAt: row.dead_at,
    enqueuedAt: row.enqueued_at,
  }));
}

function idFilter(ids: readonly number[] | undefined): { clause: string; param: string | null } {
  return ids === undefined
    ? { clause: '', param: null }
    : { clause: ' AND id IN (SELECT value FROM json_each(@ids))', param: JSON.stringify(ids) };
}

/** Put dead rows back in the queue (all of them, or the given ids); returns how many. */
export function requeueDead(db: Database, ids?: readonly number[]): number {
  if (ids !== undefined && ids.length === 0) return 0;
  const { clause, param } = idFilter(ids);
  return prepared(
    db,
    `UPDATE sync_queue SET dead_at = NULL, synced_at = NULL, next_attempt_at = NULL, attempts = 0,
       lease_owner = NULL, lease_until = NULL
     WHERE dead_at IS NOT NULL${clause}`,
  ).run(param === null ? {} : { ids: param }).changes;
}

/** Delete dead rows (all of them, or the given ids); returns how many. */
export function purgeDead(db: Database, ids?: readonly number[]): number {
  if (ids !== undefined && ids.length === 0) return 0;
  const { clause, param } = idFilter(ids);
  return prepared(db, `DELETE FROM sync_queue WHERE dead_at IS NOT NULL${clause}`).run(
    param === null ? {} : { ids: param },
  ).changes;
}

/**
 * Rows the first prune chunk deletes: small enough that the write transaction holds the lock the
 * agent's correct() waits for well under 10 ms (SPEC §14.8; measured by `npm run bench`).
 */
export const PRUNE_CHUNK_ROWS = 100;
const PRUNE_CHUNK_MIN = 10;
const PRUNE_CHUNK_MAX = 2_000;
/** The lock hold a prune chunk aims at, well inside the 10 ms budget on a loaded machine. */
export const PRUNE_CHUNK_TARGET_MS = 4;

/** The next chunk's size from how long the last one held the lock: halve when slow, grow when fast. */
export function nextPruneChunkRows(rows: number, elapsedMs: number): number {
  if (elapsedMs > PRUNE_CHUNK_TARGET_MS) return Math.max(PRUNE_CHUNK_MIN, Math.floor(rows / 2));
  if (elapsedMs < PRUNE_CHUNK_TARGET_MS / 2) return Math.min(PRUNE_CHUNK_MAX, Math.ceil(rows * 1.5));
  return rows;
}

export interface PruneOptions {
  olderThanSec?: number;
  now?: number;
  /** Rows per chunk (one write transaction each). */
  chunkRows?: number;
}

/** Delete one chunk of delivered rows past the retention, oldest first, in its own transaction. */
export function pruneSyncedChunk(db: Database, options: PruneOptions = {}): number {
  const cutoff = (options.now ?? nowSeconds()) - (options.olderThanSec ?? SEVEN_DAYS_SEC);
  const statement = prepared(
    db,
    `DELETE FROM sync_queue WHERE id IN (
       SELECT id FROM sync_queue WHERE synced_at IS NOT NULL AND dead_at IS NULL AND synced_at < ?
       ORDER BY synced_at LIMIT ?)`,
  );
  return db.transaction(() => statement.run(cutoff, options.chunkRows ?? PRUNE_CHUNK_ROWS).changes).immediate();
}

/**
 * Delete delivered rows older than the retention; pending and dead rows are never pruned. Runs
 * chunk after chunk, each its own short transaction; a caller that must let other connections in
 * between chunks (the worker) calls `pruneSyncedChunk` and yields itself.
 */
export function pruneSynced(db: Database, options: PruneOptions = {}): number {
  const chunkRows = options.chunkRows ?? PRUNE_CHUNK_ROWS;
  let total = 0;
  for (;;) {
    const deleted = pruneSyncedChunk(db, { ...options, chunkRows });
    total += deleted;
    if (deleted < chunkRows) return total;
  }
}
