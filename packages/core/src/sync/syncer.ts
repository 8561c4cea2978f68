import type { Logger } from 'pino';
import type { DeliveryOptions } from '../config/delivery';

/** What `flush()` reports: rows delivered, rows dead-lettered, rows still pending. */
export interface FlushReport {
  delivered: number;
  dead: number;
  remaining: number;
  /** Of `remaining`, rows another process on this brain still held in flight when flush returned. */
  leasedElsewhere: number;
}

/** What `stop()` / `close()` report. */
export interface StopReport {
  delivered: number;
  remaining: number;
  /** Of `remaining`, rows another process on this brain still held in flight. */
  leasedElsewhere: number;
}

/** `resting`: idle with nothing to deliver, the thread has exited; a nudge, the tick, flush or close starts it again. */
export type WorkerState = 'running' | 'resting' | 'restarting' | 'crashed' | 'off';
export type PauseReason = 'rate-limited' | 'auth' | 'endpoint';

/** The syncer's live view; Brain merges it with outbox counts read from the database. */
export interface SyncerStatus {
  worker: WorkerState;
  inFlight: number;
  /** Epoch milliseconds of the last successful delivery. */
  lastSyncAt: number | null;
  lastError: string | null;
  /** Epoch milliseconds when the current pause ends. */
  pausedUntil: number | null;
  pauseReason: PauseReason | null;
  /** Why the syncer delivers nothing at all (a proxy setting it cannot use), or null. */
  reason?: SyncerHoldReason | null;
}

export type SyncerHoldReason = 'invalid-proxy';

/** Payloads of the events a syncer (and Brain) emits. */
export interface SyncEvents {
  synced: { count: number; eventIds: string[] };
  dead: { id: number; eventId: string | null; status: number | null; error: string };
  paused: { reason: PauseReason; until: number };
  resumed: { reason: PauseReason };
  error: Error;
}
export type SyncEventName = keyof SyncEvents;

/**
 * The seam between the local Brain and whatever delivers its outbox. Core never imports the
 * sync worker; `@gradata/sdk` injects a factory that builds one.
 */
export interface Syncer {
  start(): void;
  /** Wake the delivery loop now (called after every committed correction). */
  nudge(): void;
  status(): SyncerStatus;
  flush(options?: { timeoutMs?: number }): Promise<FlushReport>;
  stop(options?: { drain?: boolean; timeoutMs?: number }): Promise<StopReport>;
  /** Replace the API key; resumes an `auth` pause at once. */
  setApiKey(apiKey: string): void;
  on<E extends SyncEventName>(event: E, listener: (payload: SyncEvents[E]) => void): unknown;
}

/**
 * Everything a syncer needs, resolved by Brain: where and as whom to deliver, plus the delivery
 * knobs (`new Brain(dir, { delivery })`). Brain always passes every knob, defaults filled; they are
 * optional in the type only so a direct `createSyncWorker({ dbPath, … })` call keeps compiling.
 * Flat, so it is a `SyncWorker`'s options as they are.
 */
export interface SyncerOptions extends DeliveryOptions {
  dbPath: string;
  brainId: string;
  apiKey: string;
  ingestUrl: string;
  tickSec: number;
  logger: Logger;
}

export type SyncerFactory = (options: SyncerOptions) => Syncer;
