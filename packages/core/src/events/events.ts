import crypto from 'node:crypto';
import type { Database } from '../storage/database';
import { prepared } from '../storage/prepared';
import { createUlidFactory } from './ulid';

/** Event types written by this SDK. */
export type EventType = 'CORRECTION' | 'LESSON_CHANGE' | 'SESSION_END';

export interface NewEvent {
  type: EventType;
  session: number;
  data: unknown;
  tags?: string[];
  brainId: string;
  deviceId: string;
  source?: string;
}

/** SHA-256 hex of a string; the one-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object. */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** ULIDs sort by time and stay monotonic within one millisecond. */
export const newEventId: () => string = createUlidFactory();

/** Insert one event and return its ULID. */
export function insertEvent(db: Database, event: NewEvent): string {
  const eventId = newEventId();
  const dataJson = JSON.stringify(event.data);
  prepared(
    db,
    `INSERT INTO events (ts, session, type, source, data_json, tags_json, brain_id, event_id, device_id, content_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    new Date().toISOString(),
    event.session,
    event.type,
    event.source ?? 'sdk-node',
    dataJson,
    JSON.stringify(event.tags ?? []),
    event.brainId,
    eventId,
    event.deviceId,
    sha256Hex(dataJson),
  );
  return eventId;
}

/** A stored event as read back. */
export interface StoredEvent {
  id: number;
  eventId: string;
  ts: string;
  session: number;
  type: string;
  source: string | null;
  data: unknown;
  tags: string[];
}

interface EventRow {
  id: number;
  event_id: string;
  ts: string;
  session: number;
  type: string;
  source: string | null;
  data_json: string | null;
  tags_json: string | null;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    eventId: row.event_id,
    ts: row.ts,
    session: row.session,
    type: row.type,
    source: row.source,
    data: row.data_json ? (JSON.parse(row.data_json) as unknown) : null,
    tags: row.tags_json ? (JSON.parse(row.tags_json) as string[]) : [],
  };
}

export const EVENT_COLUMNS = 'id, event_id, ts, session, type, source, data_json, tags_json';
export type { EventRow };
