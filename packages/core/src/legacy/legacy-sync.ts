import type { Database } from '../storage/database';
import type { Logger } from 'pino';
import { EVENT_COLUMNS, toStoredEvent } from '../events/events';
import type { EventRow } from '../events/events';
import { MetaKey, getMeta, setMeta } from '../storage';

/** Outcome of the end-of-session cloud step (SPEC §10). It never throws. */
export interface LegacySyncResult {
  ran: boolean;
  /** Why it did not run, or why it stopped early; null after a complete push. */
  reason: string | null;
  pushed: number;
}

export interface LegacySyncOptions {
  apiBase: string;
  apiKey: string;
  brainId: string;
  logger: Logger;
  userAgent: string;
  /** At most this many events per request (SPEC: 500). */
  batchSize?: number;
  timeoutMs?: number;
}

const DEFAULT_BATCH = 500;

/**
 * The Python SDK's end-of-session bulk sync, used only when write-through is disabled: every
 * event since the stored watermark, in batches; the watermark (the last local event id the server
 * accepted) is saved after each batch, so an interrupted push resumes where it stopped.
 * A 413 halves the batch; any other failure stops and is reported.
 */
export async function runLegacySync(db: Database, options: LegacySyncOptions): Promise<LegacySyncResult> {
  let batchSize = options.batchSize ?? DEFAULT_BATCH;
  let pushed = 0;
  const select = db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id > ? ORDER BY id LIMIT ?`);
  for (;;) {
    const watermark = Number(getMeta(db, MetaKey.legacyWatermark) ?? 0) || 0;
    const rows = select.all(watermark, batchSize) as EventRow[];
    if (rows.length === 0) return { ran: true, reason: null, pushed };
    const body = {
      brain_id: options.brainId,
      cursor: String(watermark),
      events: rows.map((row) => {
        const event = toStoredEvent(row);
        return { event_id: event.eventId, type: event.type, source: event.source, data: event.data, tags: event.tags, session: event.session, created_at: event.ts };
      }),
    };
    let status: number;
    let text = '';
    try {
      const response = await fetch(`${options.apiBase}/sync`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          'user-agent': options.userAgent,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      status = response.status;
      text = await response.text();
    } catch (err) {
      const reason = `network error: ${err instanceof Error ? err.message : String(err)}`;
      options.logger.warn({ pushed }, `legacy sync stopped: ${reason}`);
      return { ran: true, reason, pushed };
    }
    if (status === 413 && batchSize > 1) {
      batchSize = Math.max(1, Math.floor(batchSize / 2));
      continue;
    }
    if (status < 200 || status >= 300) {
      const reason = `http ${status}: ${text.slice(0, 200)}`;
      options.logger.warn({ pushed }, `legacy sync stopped: ${reason}`);
      return { ran: true, reason, pushed };
    }
    setMeta(db, MetaKey.legacyWatermark, String(rows[rows.length - 1].id));
    pushed += rows.length;
  }
}
