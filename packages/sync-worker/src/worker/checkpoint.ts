import type { Database } from '@gradata/core';

/** How often, at most, the worker moves the WAL into the database file while writes are going on. */
export const CHECKPOINT_EVERY_MS = 250;
/** How often, at most, an idle worker tries to cut the WAL file back to zero bytes. */
export const TRUNCATE_EVERY_MS = 5_000;

/**
 * Keeps WAL checkpoints on the worker thread. SQLite's auto-checkpoint runs inside whichever commit
 * pushes the WAL past 1,000 pages; with write-through on, the worker's acks make the WAL grow
 * faster, so more of the agent's correct() calls would pay for one. A PASSIVE checkpoint here, a
 * few times a second while the database changes, keeps the WAL below that mark. PASSIVE waits for
 * no reader or writer and takes no write lock; durability is unchanged (frames are in the WAL).
 *
 * When the worker goes idle after writing, a TRUNCATE checkpoint gives the WAL file's space back to
 * the file system (issue 19: a WAL is otherwise never shrunk, and on a full disk it is the space a
 * brain needs to recover). TRUNCATE must wait for every reader and blocks writers while it waits,
 * so it runs with busy_timeout 0: when anyone is busy it gives up at once and is tried again at
 * the next idle turn; the agent's correct() never waits behind it.
 */
export class WalCheckpointer {
  private lastAt = 0;
  private lastTruncateAt = 0;
  /** Writes since the last TRUNCATE that succeeded: nothing to give back otherwise. */
  private wroteSinceTruncate = true;

  constructor(private readonly db: Database) {}

  maybe(now: number): void {
    this.wroteSinceTruncate = true;
    if (now - this.lastAt < CHECKPOINT_EVERY_MS) return;
    this.lastAt = now;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // housekeeping: SQLite's own auto-checkpoint still runs when this one cannot
    }
  }

  /** The worker has nothing to do: cut the WAL file to zero bytes if nobody is using it. Returns true when it did. */
  idle(now: number): boolean {
    if (!this.wroteSinceTruncate || now - this.lastTruncateAt < TRUNCATE_EVERY_MS) return false;
    this.lastTruncateAt = now;
    // The connection's own timeout, put back as it was (null: never read, so never changed).
    let busyTimeoutMs: number | null = null;
    try {
      const current = Number(this.db.pragma('busy_timeout', { simple: true }));
      if (!Number.isFinite(current)) return false; // not a timeout this code could put back
      busyTimeoutMs = current;
      this.db.pragma('busy_timeout = 0');
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      if (result?.busy !== 0) return false;
      this.wroteSinceTruncate = false;
      return true;
    } catch {
      return false; // tried again at a later idle turn
    } finally {
      try {
        if (busyTimeoutMs !== null) this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      } catch {
        // a connection that cannot take a pragma fails its next statement, which the loop handles
      }
    }
  }
}
