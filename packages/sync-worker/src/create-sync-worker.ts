import type { SyncerFactory, SyncerOptions } from '@gradata/core';
import { SyncWorker } from './sync-worker';

/** The factory `@gradata/sdk` injects into Brain. */
export const createSyncWorker: SyncerFactory = (options: SyncerOptions): SyncWorker =>
  new SyncWorker({
    dbPath: options.dbPath,
    apiKey: options.apiKey,
    ingestUrl: options.ingestUrl,
    tickSec: options.tickSec,
    brainId: options.brainId,
    logger: options.logger,
  });
