export { Brain } from './brain';
export {
  // Errors
  GradataError, GradataValidationError, GradataStorageError, GradataClosedError,
  // Queue CRUD (SPEC §3, fixed)
  enqueue, enqueueCorrection, peekPending, markSynced, markFailed,
  claimDueRows, ackSynced, scheduleRetry, markDead, releaseLeases, reclaimOrphanedLeases, nextDueAt,
  listDead, requeueDead, purgeDead, pruneSynced, pruneSyncedChunk, queueStats, leaseOwnerId,
  // Storage and configuration
  openBrainDatabase, brainDatabasePath, resolveConfig, SDK_VERSION,
} from '@gradata/core';
export type {
  BrainOptions, DeliveryOptions, CorrectOptions, CorrectionResult, StoredCorrection, SyncStatus, EndSessionResult, LessonsOptions, CorrectionsOptions,
  Lesson, LessonState, Graduation, FlushReport, StopReport, SyncEvents, SyncEventName, Syncer, SyncerOptions,
  PendingRow, ClaimedRow, DeadRow, QueueKind, QueueStats, CorrectionPayload, Database, LegacySyncResult,
} from '@gradata/core';
export {
  SyncWorker, GradataWorkerExitedError, GradataWorkerTimeoutError, GradataWorkerCrashedError, GradataWorkerError, GradataInsecureUrlError,
} from '@gradata/sync-worker';
