import { Brain as LocalBrain } from '@gradata/core';
import type { BrainOptions } from '@gradata/core';
import { createSyncWorker } from '@gradata/sync-worker';

/**
 * The Brain users construct: the local brain of `@gradata/core` with write-through delivered by
 * the sync worker thread. Pass `syncer` to replace the worker (tests, custom transports).
 */
export class Brain extends LocalBrain {
  constructor(dir: string, options: BrainOptions = {}) {
    super(dir, { syncer: createSyncWorker, ...options });
  }
}
