import { nextDueAt, openBrainDatabase, openSqlite, readHeldLeases, releaseLeases, rowsLeft } from '@gradata/core';
import type { Database } from '@gradata/core';
import type { RestLeases } from './rest-leases';

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

/**
 * When the resting thread must run again (epoch ms): at once when a lease needs it (`leases` says
 * which: the thread is what takes over a stuck or dead owner's lease, so another process killed
 * mid-send would otherwise strand its rows), else when the next fresh or retried row is due; null
 * when nothing is pending. Runs on the agent's thread at every tick of a rest: a read-only
 * connection, no folder, pragmas or migrations.
 */
export function nextDueAtMs(dbPath: string, leases: RestLeases): number | null {
  const db = openSqlite(dbPath, { readonly: true });
  try {
    if (leases.needThread(readHeldLeases(db))) return Date.now();
    const due = nextDueAt(db);
    return due === null ? null : due * 1000;
  } finally {
    db.close();
  }
}
