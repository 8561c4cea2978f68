import type { CorrectionAnalysis } from '../analysis';
import type { ConfigOptions, WriteThroughReason } from '../config';
import type { Lesson, LessonState } from '../lessons';
import type { CorrectionPayload } from '../queue';
import type { PauseReason, SyncerFactory, SyncerHoldReason, WorkerState } from '../sync/syncer';

/** Options of `new Brain(dir, options)` (SPEC §3). */
export interface BrainOptions extends ConfigOptions {
  /** Builds the delivery worker; `@gradata/sdk` injects the sync worker. Without one, rows wait on disk. */
  syncer?: SyncerFactory;
}

export interface CorrectOptions {
  category?: string;
  session?: number;
  /** Free-form context stored with the correction (redacted, not sent). */
  context?: string;
  /** Analyse and return without writing anything. */
  dryRun?: boolean;
}

export interface CorrectionResult extends CorrectionAnalysis {
  /** ULID of the CORRECTION event; empty for a dry run. */
  eventId: string;
  session: number;
  category: string;
  /** The lesson created or reinforced; null for a dry run or an `as-is` edit. */
  lesson: (Lesson & { change: 'created' | 'reinforced' }) | null;
  /** An outbox row was written for write-through. */
  queued: boolean;
}

/** `brain.syncStatus()` (SPEC §7.7). */
export interface SyncStatus {
  /** Delivery is running (write-through on, a key, a safe URL, a syncer). */
  enabled: boolean;
  /** Why delivery is not running, or null. */
  reason: WriteThroughReason | 'no-syncer' | SyncerHoldReason | null;
  worker: WorkerState;
  pending: number;
  inFlight: number;
  failing: number;
  dead: number;
  synced: number;
  oldestPendingAgeMs: number | null;
  /** Epoch milliseconds. */
  lastSyncAt: number | null;
  lastError: string | null;
  /** Epoch milliseconds. */
  pausedUntil: number | null;
  pauseReason: PauseReason | null;
}

/** A stored correction as `brain.corrections()` returns it: the outbox payload's fields and more. */
export interface StoredCorrection extends CorrectionPayload {
  /** The event's row id: pass the last one as `beforeId` to read the next (older) page. */
  id: number;
  eventId: string;
  ts: string;
  editDistance: number;
  compressionDistance: number;
  summary: string;
}

/** `brain.lessons(options)`: a page of lessons, oldest first. */
export interface LessonsOptions {
  state?: LessonState;
  /** At most this many (1–10,000; default 1,000). */
  limit?: number;
  /** Only lessons with a larger id: the last id of the previous page. */
  afterId?: number;
}

/** `brain.corrections(options)`: a page of corrections, newest first. */
export interface CorrectionsOptions {
  session?: number;
  /** At most this many (1–10,000; default 100). */
  limit?: number;
  /** Only corrections with a smaller id: the last `id` of the previous page. */
  beforeId?: number;
}
