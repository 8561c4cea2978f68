/** The outbox row kinds (the Python SDK's CHECK constraint). */
export const QUEUE_KINDS = ['correction', 'lesson', 'event'] as const;
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** A pending row as `peekPending` returns it (Python-compatible view). */
export interface PendingRow {
  id: number;
  kind: QueueKind;
  payload: unknown;
  /** Epoch seconds. */
  enqueuedAt: number;
  attempts: number;
}

/** A row claimed by a worker under a lease; the payload stays a string so it is sent as stored. */
export interface ClaimedRow {
  id: number;
  kind: QueueKind;
  eventId: string | null;
  payloadJson: string;
  attempts: number;
  /** Epoch seconds. */
  enqueuedAt: number;
}

/** The correction part of an outbox payload (SPEC §6). */
export interface CorrectionPayload {
  session: number;
  category: string;
  severity: string;
  description: string;
  draft: string;
  final: string;
}

/** Current time in epoch seconds, the unit of every time column in `sync_queue`. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/** Max stored length of `last_error` (SPEC §3). */
export const MAX_ERROR_CHARS = 500;
