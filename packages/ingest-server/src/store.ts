import { openSqlite, textCutAtNul } from '@gradata/core';
import type { BrainDatabase, CorrectionPayload, SqliteStatement } from '@gradata/core';
import { GroupCommitter } from './group-commit';

/** A correction received on `POST /api/v1/ingest`, as stored: the wire's correction fields (SPEC §6) and their envelope. */
export interface StoredCorrection extends CorrectionPayload {
  brainId: string;
  eventId: string;
  /** The whole request body, parsed (extra fields included). */
  payload: unknown;
  idempotencyKey: string | null;
  attempt: number | null;
  /** Epoch ms. */
  receivedAt: number;
}

/** An event received on the legacy `POST /api/v1/sync`, as stored. */
export interface StoredEvent {
  brainId: string;
  eventId: string;
  type: string;
  source: string | null;
  data: unknown;
  tags: unknown;
  session: number | null;
  createdAt: string | number;
  /** Epoch ms. */
  receivedAt: number;
}

/** The parts of an ingest request the store keeps. */
export interface CorrectionInput {
  brain_id: string;
  event_id: string;
  correction: { session: number; category: string; severity: string; description: string; draft: string; final: string };
}

/** One event of a legacy sync batch. */
export interface SyncEventInput {
  event_id: string;
  type: string;
  source?: string | null;
  data?: unknown;
  tags?: unknown;
  session?: number | null;
  created_at: string | number;
}

// `id` is a plain rowid (arrival order, rows are never deleted): AUTOINCREMENT would add a
// sqlite_sequence page write to every commit on the hot path.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS corrections (
     id INTEGER PRIMARY KEY,
     brain_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     session INTEGER NOT NULL,
     category TEXT NOT NULL,
     severity TEXT NOT NULL,
     description TEXT NOT NULL,
     draft TEXT NOT NULL,
     final TEXT NOT NULL,
     payload_json TEXT NOT NULL,
     idempotency_key TEXT,
     attempt INTEGER,
     received_at INTEGER NOT NULL,
     UNIQUE (brain_id, event_id)
   )`,
  `CREATE TABLE IF NOT EXISTS events (
     id INTEGER PRIMARY KEY,
     brain_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     type TEXT NOT NULL,
     source TEXT,
     data_json TEXT,
     tags_json TEXT,
     session INTEGER,
     created_at TEXT NOT NULL,
     created_at_is_number INTEGER NOT NULL DEFAULT 0,
     received_at INTEGER NOT NULL,
     UNIQUE (brain_id, event_id)
   )`,
];

/** The row as SQLite returns it: the payload's fields keep their names, the envelope's are snake_case. */
interface CorrectionRow extends CorrectionPayload {
  brain_id: string;
  event_id: string;
  payload_json: string;
  idempotency_key: string | null;
  attempt: number | null;
  received_at: number;
}

interface EventRow {
  brain_id: string;
  event_id: string;
  type: string;
  source: string | null;
  data_json: string | null;
  tags_json: string | null;
  session: number | null;
  created_at: string;
  created_at_is_number: number;
  received_at: number;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

/** The receiver's own SQLite file: schema, prepared statements, reads for tests. */
export class IngestStore {
  /** True where the SQLite driver cuts text at U+0000 (node:sqlite on Node 22): such text is answered 422 before it reaches the driver, which would refuse it. */
  readonly cutsAtNul: boolean;
  private readonly db: BrainDatabase;
  private readonly insertCorrectionStmt: SqliteStatement;
  private readonly insertEventStmt: SqliteStatement;
  private readonly correctionsByBrainStmt: SqliteStatement;
  private readonly correctionIdsStmt: SqliteStatement;
  private readonly correctionIdsByBrainStmt: SqliteStatement;
  private readonly eventsByBrainStmt: SqliteStatement;
  private readonly insertEventBatch: (brainId: string, events: SyncEventInput[], receivedAt: number) => number;
  /** Batches the writes of one event-loop turn into one commit. */
  readonly committer: GroupCommitter;

  constructor(dbPath: string) {
    // Through core's driver seam: better-sqlite3 when its addon loads, else node:sqlite, so
    // `gradata serve` and `gradata demo` run where install scripts were blocked (issue 17).
    this.db = openSqlite(dbPath);
    // WAL + NORMAL: a committed row survives a killed process and single-row commits stay cheap.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    for (const sql of MIGRATIONS) this.db.exec(sql);
    this.committer = new GroupCommitter(this.db);
    this.cutsAtNul = textCutAtNul(this.db);

    this.insertCorrectionStmt = this.db.prepare(
      `INSERT OR IGNORE INTO corrections
         (brain_id, event_id, session, category, severity, description, draft, final, payload_json,
          idempotency_key, attempt, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertEventStmt = this.db.prepare(
      `INSERT OR IGNORE INTO events
         (brain_id, event_id, type, source, data_json, tags_json, session, created_at, created_at_is_number, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.correctionsByBrainStmt = this.db.prepare('SELECT * FROM corrections WHERE brain_id = ? ORDER BY id');
    this.correctionIdsStmt = this.db.prepare('SELECT event_id FROM corrections ORDER BY id');
    this.correctionIdsByBrainStmt = this.db.prepare('SELECT event_id FROM corrections WHERE brain_id = ? ORDER BY id');
    this.eventsByBrainStmt = this.db.prepare('SELECT * FROM events WHERE brain_id = ? ORDER BY id');
    this.insertEventBatch = this.db.transaction((brainId: string, events: SyncEventInput[], receivedAt: number) => {
      let inserted = 0;
      for (const e of events) {
        const isNumber = typeof e.created_at === 'number';
        inserted += this.insertEventStmt.run(
          brainId,
          e.event_id,
          e.type,
          e.source ?? null,
          e.data === undefined ? null : JSON.stringify(e.data),
          e.tags === undefined ? null : JSON.stringify(e.tags),
          e.session ?? null,
          String(e.created_at),
          isNumber ? 1 : 0,
          receivedAt,
        ).changes;
      }
      return inserted;
    });
  }

  /**
   * Stores a correction unless (brain_id, event_id) is already there; returns true when newly stored.
   * Call it inside `committer.run` so the row is committed before the request is answered.
   * `rawBody` is the request body exactly as received.
   */
  insertCorrection(
    body: CorrectionInput,
    rawBody: string,
    idempotencyKey: string | undefined,
    attempt: number | undefined,
    receivedAt: number,
  ): boolean {
    const c = body.correction;
    const result = this.insertCorrectionStmt.run(
      body.brain_id,
      body.event_id,
      c.session,
      c.category,
      c.severity,
      c.description,
      c.draft,
      c.final,
      rawBody,
      idempotencyKey ?? null,
      attempt ?? null,
      receivedAt,
    );
    return result.changes > 0;
  }

  /** Stores a legacy batch in one transaction; returns how many events were new. */
  insertEvents(brainId: string, events: SyncEventInput[], receivedAt: number): number {
    return this.insertEventBatch(brainId, events, receivedAt);
  }

  /** Stored corrections of a brain, oldest first. */
  corrections(brainId: string): StoredCorrection[] {
    return (this.correctionsByBrainStmt.all(brainId) as CorrectionRow[]).map((row) => ({
      brainId: row.brain_id,
      eventId: row.event_id,
      session: row.session,
      category: row.category,
      severity: row.severity,
      description: row.description,
      draft: row.draft,
      final: row.final,
      payload: parseJson(row.payload_json),
      idempotencyKey: row.idempotency_key,
      attempt: row.attempt,
      receivedAt: row.received_at,
    }));
  }

  /** Event ids of stored corrections (one brain or all), oldest first. */
  correctionEventIds(brainId?: string): string[] {
    const rows = (brainId === undefined ? this.correctionIdsStmt.all() : this.correctionIdsByBrainStmt.all(brainId)) as Array<{ event_id: string }>;
    return rows.map((row) => row.event_id);
  }

  /** Events stored by the legacy sync for a brain, oldest first. */
  events(brainId: string): StoredEvent[] {
    return (this.eventsByBrainStmt.all(brainId) as EventRow[]).map((row) => ({
      brainId: row.brain_id,
      eventId: row.event_id,
      type: row.type,
      source: row.source,
      data: parseJson(row.data_json),
      tags: parseJson(row.tags_json),
      session: row.session,
      createdAt: row.created_at_is_number ? Number(row.created_at) : row.created_at,
      receivedAt: row.received_at,
    }));
  }

  /** Commits any open group, then closes the database; later calls are no-ops. */
  close(): void {
    if (!this.db.open) return;
    this.committer.flush();
    this.db.close();
  }
}
