import type { Database } from '../storage/database';
import { enqueueCorrection } from '../queue';

/**
 * Enqueue stored CORRECTION events that never had an outbox row (a brain that ran with write-through
 * off, or before a key was configured, or whose outbox insert failed). `outbox_history` remembers
 * every event that was ever queued, so rows pruned after delivery or purged from the dead letters
 * are not sent again. Idempotent: a second run adds nothing.
 */
export function backfillCorrections(db: Database, brainId: string): number {
  const rows = db
    .prepare(
      `SELECT e.event_id AS eventId, e.session AS session, e.data_json AS dataJson FROM events e
       WHERE e.type = 'CORRECTION' AND e.event_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM outbox_history h WHERE h.event_id = e.event_id)
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
