import type { Database } from '../storage/database';
import { lastPendingError, queueStats } from '../queue';
import { cappedPauseUntil, readPause } from '../storage';
import type { Syncer } from '../sync/syncer';
import type { StorageGuard } from './storage-guard';
import type { SyncStatus } from './types';

/**
 * Outbox counts from the database merged with the worker's live state (SPEC §7.7). `configReason`
 * is why the configuration turned delivery off, when it did; it wins over the worker's own reason.
 */
export function mergeSyncStatus(db: Database, storage: StorageGuard, syncer: Syncer | null, configReason: SyncStatus['reason']): SyncStatus {
  const nowMs = Date.now();
  const live = syncer?.status();
  const { stats, storedPause, pendingError } = storage.run('cannot read the sync status', () => ({
    stats: queueStats(db),
    // A running worker's view is authoritative (it ignores an auth pause earned with another key).
    storedPause: live?.worker === 'running' ? null : readPause(db),
    // Only without a live answer: the query is the fallback, not the norm.
    pendingError: (live?.lastError ?? null) === null ? lastPendingError(db) : null,
  }));
  const storedUntilMs = storedPause ? cappedPauseUntil(storedPause, nowMs / 1000) * 1000 : 0;
  const pauseActive = storedPause !== null && storedUntilMs > nowMs;
  const reason = configReason ?? live?.reason ?? (syncer ? null : 'no-syncer');
  return {
    enabled: syncer !== null,
    reason,
    worker: live?.worker ?? 'off',
    pending: stats.pending,
    inFlight: live ? Math.max(live.inFlight, stats.inFlight) : stats.inFlight,
    failing: stats.failing,
    dead: stats.dead,
    synced: stats.synced,
    oldestPendingAgeMs: stats.oldestPendingAt === null ? null : Math.max(0, Math.round(nowMs - stats.oldestPendingAt * 1000)),
    lastSyncAt: live?.lastSyncAt ?? (stats.lastSyncedAt === null ? null : Math.round(stats.lastSyncedAt * 1000)),
    lastError: live?.lastError ?? pendingError,
    pausedUntil: live?.pausedUntil ?? (pauseActive ? storedUntilMs : null),
    pauseReason: live?.pauseReason ?? (pauseActive ? storedPause.reason : null),
  };
}
