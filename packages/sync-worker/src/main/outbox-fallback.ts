import { nextDueAt, openBrainDatabase, releaseLeases, rowsLeft } from '@gradata/core';
import type { Database } from '@gradata/core';

/**
 * Short-lived main-thread connection for the moments the thread cannot answer (not started, resting,
 * crashed, terminated after a deadline): count what is left, free a dead thread's leases, see what is due.
 */
function withDatabase<T>(dbPath: string, use: (db: Database) => T): T {
  const db = openBrainDatabase(dbPath);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Pending rows (synced_at IS NULL) in the outbox, and of those the ones leased by an owner other than `leaseOwner`. */
export function countLeft(dbPath: string, leaseOwner: string | null): { remaining: number; leasedElsewhere: number } {
  return withDatabase(dbPath, (db) => rowsLeft(db, leaseOwner ?? ''));
}

/** Give back every row a dead thread still holds, so a restart need not wait for the lease to expire. */
export function releaseOwnerLeases(dbPath: string, leaseOwner: string): number {
  return withDatabase(dbPath, (db) => releaseLeases(db, leaseOwner));
}

/** When the next row is due (epoch ms: a fresh or retried row, or a live lease's expiry); null when nothing is pending. */
export function nextDueAtMs(dbPath: string): number | null {
  return withDatabase(dbPath, (db) => {
    const due = nextDueAt(db, Date.now() / 1000);
    return due === null ? null : due * 1000;
  });
}
