/**
 * What doctor asks of SQLite, through core's driver seam: which driver this process uses and why,
 * and a read-only connection to a brain (doctor never migrates or creates one).
 */
import { GradataStorageError, openSqlite, sqliteDriver } from '@gradata/core';
import type { BrainDatabase, SqliteDriverName } from '@gradata/core';

export interface DriverReport {
  /** The driver this process uses, or null when none can be had. */
  name: SqliteDriverName | null;
  /** Why this one: forced by the environment, its addon loads, or why better-sqlite3 was passed over. */
  reason: string;
  forced: boolean;
  /** When no driver can be had: the error's code and message (the message carries the fix). */
  error?: { code: string; message: string };
}

export function driverReport(): DriverReport {
  try {
    const choice = sqliteDriver();
    return { name: choice.name, reason: choice.reason, forced: choice.forced };
  } catch (error) {
    if (!(error instanceof GradataStorageError)) throw error;
    return { name: null, reason: 'no SQLite driver can be loaded', forced: false, error: { code: error.code, message: error.message } };
  }
}

/** SQLite's own version as the driver in use links it. */
export function sqliteVersion(): string {
  const db = openSqlite(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

/** A read-only connection to an existing file (busy timeout 5 s, set by the seam). */
export function openReadOnly(file: string): BrainDatabase {
  return openSqlite(file, { readonly: true });
}
