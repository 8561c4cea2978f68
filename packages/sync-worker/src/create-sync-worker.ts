import type { SyncerFactory, SyncerOptions } from '@gradata/core';
import { SyncWorker } from './sync-worker';

/**
 * The factory `@gradata/sdk` injects into Brain. Brain's resolved syncer options are a SyncWorker's
 * options as they are (connection, tick, logger and every delivery knob), so nothing is copied by hand.
 */
export const createSyncWorker: SyncerFactory = (options: SyncerOptions): SyncWorker => new SyncWorker(options);
