import type { Database } from 'better-sqlite3';
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

export function queueStats(db: Database, now: number = nowSeconds()): QueueStats {
  const pending = prepared(
    db,
    `SELECT COUNT(*) AS pending,
            COALESCE(SUM(lease_until IS NOT NULL AND lease_until >= @now), 0) AS inFlight,
            COALESCE(SUM(COALESCE(attempts, 0) > 0), 0) AS failing,
            MIN(enqueued_at) AS oldestPendingAt
     FROM sync_queue WHERE synced_at IS NULL`,
  ).get({ now }) as { pending: number; inFlight: number; failing: number; oldestPendingAt: number | null };
  const done = prepared(
    db,
    `SELECT COALESCE(SUM(dead_at IS NOT NULL), 0) AS dead, COALESCE(SUM(dead_at IS NULL), 0) AS synced,
            MAX(CASE WHEN dead_at IS NULL THEN synced_at END) AS lastSyncedAt
     FROM sync_queue WHERE synced_at IS NOT NULL`,
  ).get() as { dead: number; synced: number; lastSyncedAt: number | null };
  return { ...pending, ...done };
}

/** The newest error recorded on a pending row, for status displays when no worker is running. */
export function lastPendingError(db: Database): string | null {
  const row = prepared(
    db,
    'SELECT last_error FROM sync_queue WHERE synced_at IS NULL AND last_error IS NOT NULL ORDER BY id DESC LIMIT 1',
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

export function listDead(db: Database, limit = 100): DeadRow[] {
  const rows = prepared(
    db,
    `SELECT id, kind, event_id, attempts, last_status, last_error, dead_at, enqueued_at
     FROM sync_queue WHERE dead_at IS NOT NULL ORDER BY id LIMIT ?`,
  ).all(limit) as Array<{
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

/** Delete delivered rows older than the retention; pending and dead rows are never pruned. */
export function pruneSynced(db: Database, options: { olderThanSec?: number; now?: number } = {}): number {
  const cutoff = (options.now ?? nowSeconds()) - (options.olderThanSec ?? SEVEN_DAYS_SEC);
  return prepared(
    db,
    'DELETE FROM sync_queue WHERE synced_at IS NOT NULL AND dead_at IS NULL AND synced_at < ?',
  ).run(cutoff).changes;
}
