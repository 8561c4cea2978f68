import type { Database } from 'better-sqlite3';
import { EVENT_COLUMNS, toStoredEvent } from '../events/events';
import type { EventRow } from '../events/events';
import { convertReadable } from '../storage/readable';
import { prepared } from '../storage/prepared';
import type { StoredCorrection } from './types';

/**
 * Stored CORRECTION events, newest first, optionally of one session. A row whose stored JSON
 * cannot be read is skipped and reported to `onUnreadable`, so one damaged row does not hide the others.
 */
export function listCorrections(
  db: Database,
  options: { session?: number; limit?: number },
  onUnreadable?: (skipped: number, firstRowId: number | null) => void,
): StoredCorrection[] {
  const limit = options.limit ?? 100;
  const rows = (
    options.session === undefined
      ? prepared(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE type = 'CORRECTION' ORDER BY id DESC LIMIT ?`).all(limit)
      : prepared(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE type = 'CORRECTION' AND session = ? ORDER BY id DESC LIMIT ?`).all(options.session, limit)
  ) as EventRow[];
  const { items, skipped, firstSkippedId } = convertReadable(rows, toStoredCorrection);
  if (skipped > 0) onUnreadable?.(skipped, firstSkippedId);
  return items;
}

function toStoredCorrection(row: EventRow): StoredCorrection {
  const event = toStoredEvent(row);
  const data = (event.data ?? {}) as Record<string, unknown>;
  return {
    eventId: event.eventId,
    ts: event.ts,
    session: event.session,
    category: String(data.category ?? ''),
    severity: String(data.severity ?? ''),
    description: String(data.description ?? ''),
    draft: String(data.draft ?? ''),
    final: String(data.final ?? ''),
    editDistance: Number(data.editDistance ?? 0),
    compressionDistance: Number(data.compressionDistance ?? 0),
    summary: String(data.summary ?? ''),
  };
}
