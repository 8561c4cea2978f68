import type { Database } from 'better-sqlite3';
import { EVENT_COLUMNS, toStoredEvent } from '../events/events';
import type { EventRow } from '../events/events';
import { readFullPage } from '../storage/readable';
import { prepared } from '../storage/prepared';
import type { StoredCorrection } from './types';

/** One page of corrections, newest first: ids before `beforeId`, at most `limit`. */
export interface CorrectionPage {
  session?: number;
  limit: number;
  beforeId?: number;
}

/**
 * Stored CORRECTION events, newest first, optionally of one session: an index range per page. A
 * row whose stored JSON cannot be read is skipped and reported to `onUnreadable`, so one damaged
 * row does not hide the others, and the page is filled from the rows after it (readFullPage).
 */
export function listCorrections(
  db: Database,
  page: CorrectionPage,
  onUnreadable?: (skipped: number, firstRowId: number | null) => void,
): StoredCorrection[] {
  const rowsBefore = (beforeId: number, count: number): EventRow[] =>
    (page.session === undefined
      ? prepared(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE type = 'CORRECTION' AND id < ? ORDER BY id DESC LIMIT ?`).all(beforeId, count)
      : prepared(db, `SELECT ${EVENT_COLUMNS} FROM events WHERE type = 'CORRECTION' AND session = ? AND id < ? ORDER BY id DESC LIMIT ?`).all(page.session, beforeId, count)) as EventRow[];
  const { items, skipped, firstSkippedId } = readFullPage(
    page.limit,
    (from, count) => rowsBefore(from ?? page.beforeId ?? Number.MAX_SAFE_INTEGER, count),
    toStoredCorrection,
  );
  if (skipped > 0) onUnreadable?.(skipped, firstSkippedId);
  return items;
}

function toStoredCorrection(row: EventRow): StoredCorrection {
  const event = toStoredEvent(row);
  const data = (event.data ?? {}) as Record<string, unknown>;
  return {
    id: event.id,
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
