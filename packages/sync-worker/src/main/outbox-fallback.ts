import { openBrainDatabase, queueStats, releaseLeases } from '@gradata/core';
import type { Database } from '@gradata/core';

/**
 * Short-lived main-thread connection for the rare moments the thread cannot answer (not started,
 * crashed, terminated after a deadline): count what is left, free a dead thread's leases.
 */
function withDatabase<T>(dbPath: string, use: (db: Database) => T): T {
  const db = openBrainDatabase(dbPath);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** Pending rows (synced_at IS NULL) in the outbox. */
export function countPending(dbPath: string): number {
  return withDatabase(dbPath, (db) => queueStats(db).pending);
}

/** Give back every row a dead thread still holds, so a restart need not wait for the lease to expire. */
export function releaseOwnerLeases(dbPath: string, leaseOwner: string): number {
  return withDatabase(dbPath, (db) => releaseLeases(db, leaseOwner));
}
