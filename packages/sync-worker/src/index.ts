export { SyncWorker } from './sync-worker';
export { createSyncWorker } from './create-sync-worker';
export { SYNC_WORKER_DEFAULTS, assertSecureIngestUrl, resolveSyncWorkerOptions } from './options';
export type { ResolvedSyncWorkerOptions, SyncWorkerOptions } from './options';
export { backoffMs, classifyResponse, parseRetryAfterMs, pauseBackoffMs } from './policy';
export type { DeliveryResponse, Outcome, PolicyContext } from './policy';
export type * from './protocol';
export { GradataInsecureUrlError, GradataWorkerCrashedError, GradataWorkerError, GradataWorkerExitedError, GradataWorkerTimeoutError } from './errors';
export type { SendOptions, SendResult, Sender } from './sender/sender';
export { SYNC_WORKER_VERSION, USER_AGENT } from './version';
// For `gradata doctor`: the proxy the worker would use, and the key as the worker fingerprints it.
export { proxyFor, proxyHost } from './sender/proxy-env';
export type { ProxyChoice } from './sender/proxy-env';
export { keyFingerprint } from './worker/pause';
