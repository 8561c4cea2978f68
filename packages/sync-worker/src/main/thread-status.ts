import type { SyncerStatus, WorkerState } from '@gradata/core';
import type { WorkerStatusMessage } from '../protocol';

/** The thread's status before it has reported any. */
export const IDLE_STATUS: WorkerStatusMessage = Object.freeze({
  inFlight: 0, lastSyncAt: null, lastError: null, pausedUntil: null, pauseReason: null, deliveredTotal: 0, deadTotal: 0, heldBy: null,
});

/** A fresh thread's status: counters start over, the last sync and the last error carry over. */
export function respawnedStatus(previous: WorkerStatusMessage): WorkerStatusMessage {
  return { ...IDLE_STATUS, deliveredTotal: 0, lastSyncAt: previous.lastSyncAt, lastError: previous.lastError };
}

/**
 * What `SyncWorker.status()` answers from the thread's last report: a pause that has ended by now is
 * not reported, and neither are requests in flight or a hold once the thread is gone.
 */
export function syncerStatus(state: WorkerState, last: WorkerStatusMessage, threadAlive: boolean): SyncerStatus {
  const { inFlight, lastSyncAt, lastError, pausedUntil, pauseReason, heldBy } = last;
  const paused = pausedUntil !== null && pausedUntil > Date.now();
  return {
    worker: state,
    inFlight: threadAlive ? inFlight : 0,
    lastSyncAt,
    lastError,
    pausedUntil: paused ? pausedUntil : null,
    pauseReason: paused ? pauseReason : null,
    ...(threadAlive && heldBy ? { reason: heldBy } : {}),
  };
}
