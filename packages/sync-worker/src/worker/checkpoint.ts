import type { Database } from '@gradata/core';

/** How often, at most, the worker moves the WAL into the database file while writes are going on. */
export const CHECKPOINT_EVERY_MS = 250;

/**
 * Keeps WAL checkpoints on the worker thread. SQLite's auto-checkpoint runs inside whichever commit
 * pushes the WAL past 1,000 pages; with write-through on, the worker's acks make the WAL grow
 * faster, so more of the agent's correct() calls would pay for one. A PASSIVE checkpoint here, a
 * few times a second while the database changes, keeps the WAL below that mark. PASSIVE waits for
 * no reader or writer and takes no write lock; durability is unchanged (frames are in the WAL).
 */
export class WalCheckpointer {
  private lastAt = 0;

  constructor(private readonly db: Database) {}

  maybe(now: number): void {
    if (now - this.lastAt < CHECKPOINT_EVERY_MS) return;
    this.lastAt = now;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // housekeeping: SQLite's own auto-checkpoint still runs when this one cannot
    }
  }
}
