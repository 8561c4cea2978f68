import type { Database } from 'better-sqlite3';
import { enqueueCorrection } from '../queue';

/**
 * Enqueue stored CORRECTION events that have no outbox row (a brain that ran with write-through
 * off, or before a key was configured). Idempotent: the event_id unique index makes a second run add nothing.
 */
export function backfillCorrections(db: Database, brainId: string): number {
  const rows = db
    .prepare(
      `SELECT e.event_id AS eventId, e.session AS session, e.data_json AS dataJson FROM events e
       WHERE e.type = 'CORRECTION' AND e.event_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM sync_queue q WHERE q.event_id = e.event_id)
       ORDER BY e.id`,
    )
    .all() as Array<{ eventId: string; session: number; dataJson: string | null }>;
  return db.transaction(() => {
    for (const row of rows) {
      const data = (row.dataJson ? JSON.parse(row.dataJson) : {}) as Record<string, unknown>;
      enqueueCorrection(
        db,
        brainId,
        {
          session: row.session ?? 1,
          category: String(data.category ?? 'CONTENT'),
          severity: String(data.severity ?? 'minor'),
          description: String(data.description ?? ''),
          draft: String(data.draft ?? ''),
          final: String(data.final ?? ''),
        },
        row.eventId,
      );
    }
    return rows.length;
  }).immediate();
}
