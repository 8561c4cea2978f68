import type { Database } from '../storage/database';
import { prepared } from '../storage/prepared';
import { cutToCodePoints } from './wire-cut';
import { MAX_ERROR_CHARS, QUEUE_KINDS, nowSeconds } from './types';
import type { CorrectionPayload, PendingRow, QueueKind } from './types';

const PAYLOAD_TEXT_LIMIT = 8_000;
const PAYLOAD_DESCRIPTION_LIMIT = 500;

function assertKind(kind: string): asserts kind is QueueKind {
  if (!(QUEUE_KINDS as readonly string[]).includes(kind)) {
    throw new TypeError(`sync_queue kind must be one of ${QUEUE_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  }
}

/**
 * Add a row to the outbox and return its id. With an `eventId` the call is idempotent: enqueuing
 * the same event again returns the existing row's id and adds nothing.
 */
export function enqueue(db: Database, kind: QueueKind, payload: unknown, options: { eventId?: string } = {}): number {
  assertKind(kind);
  const payloadJson = JSON.stringify(payload);
  if (payloadJson === undefined) throw new TypeError('sync_queue payload must be JSON-serialisable');
  const eventId = options.eventId ?? null;
  const result = prepared(
    db,
    'INSERT OR IGNORE INTO sync_queue (payload_json, kind, enqueued_at, attempts, event_id) VALUES (?, ?, ?, 0, ?)',
  ).run(payloadJson, kind, nowSeconds(), eventId);
  if (result.changes > 0) return Number(result.lastInsertRowid);
  const existing = prepared(db, 'SELECT id FROM sync_queue WHERE event_id = ?').get(eventId) as { id: number } | undefined;
  if (!existing) throw new Error('sync_queue insert was ignored but no row holds its event_id');
  return existing.id;
}

/** Enqueue a correction in the SPEC §6 wire shape, cutting the texts to their wire limits (in code points). */
export function enqueueCorrection(db: Database, brainId: string, correction: CorrectionPayload, eventId: string): number {
  const payload = {
    brain_id: brainId,
    event_id: eventId,
    correction: {
      session: correction.session,
      category: correction.category,
      severity: correction.severity,
      description: cutToCodePoints(correction.description, PAYLOAD_DESCRIPTION_LIMIT),
      draft: cutToCodePoints(correction.draft, PAYLOAD_TEXT_LIMIT),
      final: cutToCodePoints(correction.final, PAYLOAD_TEXT_LIMIT),
    },
  };
  return enqueue(db, 'correction', payload, { eventId });
}

/** Pending rows (synced_at IS NULL), oldest first, payloads decoded. */
export function peekPending(db: Database, limit = 100): PendingRow[] {
  const rows = prepared(
    db,
    'SELECT id, kind, payload_json, enqueued_at, attempts FROM sync_queue WHERE synced_at IS NULL ORDER BY id LIMIT ?',
  ).all(limit) as Array<{ id: number; kind: QueueKind; payload_json: string; enqueued_at: number; attempts: number }>;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload_json) as unknown,
    enqueuedAt: row.enqueued_at,
    attempts: row.attempts ?? 0,
  }));
}

/** Mark rows delivered. Empty lists are no-ops. */
export function markSynced(db: Database, ids: readonly number[]): void {
  if (ids.length === 0) return;
  prepared(
    db,
    `UPDATE sync_queue SET synced_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE synced_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  ).run(nowSeconds(), JSON.stringify(ids));
}

/** Record a failed attempt: attempts + 1, the row stays pending, the error is cut to 500 chars. */
export function markFailed(db: Database, ids: readonly number[], error: string): void {
  if (ids.length === 0) return;
  prepared(
    db,
    `UPDATE sync_queue SET attempts = COALESCE(attempts, 0) + 1, last_error = ?, lease_owner = NULL, lease_until = NULL
     WHERE synced_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  ).run(String(error).slice(0, MAX_ERROR_CHARS), JSON.stringify(ids));
}
