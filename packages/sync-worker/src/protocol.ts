/**
 * Every message between the main thread (SyncWorker) and the worker thread, tagged on `type`.
 * Both sides import this file; their switches end in `unknownMessage`, which throws.
 */
import type { MessagePort } from 'node:worker_threads';
import type { FlushReport, PauseReason, SqliteDriverName, StopReport, SyncEvents } from '@gradata/core';
import type { ThreadOptions } from './options';

/**
 * The settings the thread needs, all plain data (structured-clone safe): the resolved options
 * minus what only the main thread uses (`ThreadOptions`), so a new knob reaches the thread by
 * itself, plus what each incarnation is given.
 */
export interface WorkerConfig extends ThreadOptions {
  /** The key at spawn time (it may have changed since construction). */
  apiKey: string;
  /** `leaseOwnerId(...)` (random id, pid, host, pid namespace, boot), chosen by the main thread so it can release leases after a crash. */
  leaseOwner: string;
  userAgent: string;
  /** The main logger's level; the thread does not send lines below it. */
  logLevel: LogLevel | 'silent';
  /** The main thread's SQLite driver, so both threads of the process run the same SQLite library. */
  sqliteDriver?: SqliteDriverName;
}

/** `workerData` of the thread; `port` travels in the transfer list. */
export interface WorkerStartData {
  port: MessagePort;
  config: WorkerConfig;
}

// ---- main → worker -------------------------------------------------------------------------

export type MainToWorker =
  | { type: 'nudge' }
  /** `sentAt` (epoch ms, same clock in both threads): the deadline counts from the caller's call. */
  | { type: 'flush'; id: number; timeoutMs: number; sentAt: number }
  | { type: 'stop'; id: number; drain: boolean; timeoutMs: number; sentAt: number }
  | { type: 'setApiKey'; apiKey: string };

// ---- worker → main -------------------------------------------------------------------------

/** The thread's live view, sent after every round and on every pause change. */
export interface WorkerStatusMessage {
  inFlight: number;
  /** Epoch ms. */
  lastSyncAt: number | null;
  lastError: string | null;
  /** Epoch ms. */
  pausedUntil: number | null;
  pauseReason: PauseReason | null;
  /** Rows this thread delivered / dead-lettered since it started. */
  deliveredTotal: number;
  deadTotal: number;
  /** Why this thread delivers nothing at all (not a timed pause), or null. */
  heldBy: HoldReason | null;
}

/** Why a thread holds delivery: a proxy setting it cannot use (it never goes around the proxy). */
export type HoldReason = 'invalid-proxy';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** An Error as it crosses the thread boundary. */
export interface WireError {
  name: string;
  code: string;
  message: string;
}

/** SyncEvents with `error` in wire form. */
export type WireEventPayloads = Omit<SyncEvents, 'error'> & { error: WireError };
export type WireEvent = { [N in keyof WireEventPayloads]: { type: 'event'; name: N; payload: WireEventPayloads[N] } }[keyof WireEventPayloads];

export type WorkerToMain =
  | { type: 'status'; status: WorkerStatusMessage }
  | { type: 'flushed'; id: number; report: FlushReport }
  | { type: 'flushed'; id: number; error: WireError }
  | { type: 'stopped'; id: number; report: StopReport }
  | { type: 'log'; level: LogLevel; msg: string; obj?: Record<string, unknown> }
  /**
   * Idle for `idleExitSec` with nothing pending, in flight or paused: the thread offers to rest. The
   * main side answers with a `stop` (no drain) unless it is waiting for a reply; the thread does not
   * leave on its own, so no request can be sent to a thread that is already gone.
   */
  | { type: 'idle' }
  | WireEvent;

/** For the `default:` branch of an exhaustive switch: fails loudly on a message nobody handles. */
export function unknownMessage(message: never, side: 'main' | 'worker'): never {
  const type = (message as { type?: unknown } | null)?.type;
  throw new Error(`sync-worker protocol: the ${side} side got an unknown message type ${JSON.stringify(type)}`);
}

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, code: typeof code === 'string' ? code : 'WORKER_ERROR', message: error.message };
  }
  return { name: 'Error', code: 'WORKER_ERROR', message: String(error) };
}
