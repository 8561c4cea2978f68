/**
 * What doctor asks of SQLite, in one place: which driver this process uses and why, and a
 * read-only connection to a brain (doctor never migrates or creates one).
 *
 * PLUG: this file is the only one that knows how a driver is chosen. Until core's driver seam
 * (issue 17 items 1–3) lands it reports better-sqlite3, the one driver there is.
 */
import BetterSqlite3 from 'better-sqlite3';

export interface DriverReport {
  /** The driver this process uses, or null when none can be had. */
  name: 'better-sqlite3' | 'node:sqlite' | null;
  /** Why this one: forced by the environment, the addon loads, or the fallback and its cause. */
  reason: string;
  /** When no driver can be had: the error's code and message (the message carries the fix). */
  error?: { code: string; message: string };
}

/** A read-only connection: enough for doctor's queries. */
export interface ReadOnlyDb {
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  close(): void;
  /** The underlying handle, for core's read helpers (queueStats, readPause). */
  readonly raw: BetterSqlite3.Database;
}

export function driverReport(): DriverReport {
  try {
    new BetterSqlite3(':memory:').close();
    return { name: 'better-sqlite3', reason: 'its native addon loads' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: null, reason: 'better-sqlite3 cannot load', error: { code: 'SQLITE_UNAVAILABLE', message } };
  }
}

/** SQLite's own version as the driver in use links it. */
export function sqliteVersion(): string {
  const db = new BetterSqlite3(':memory:');
  try {
    return (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
  } finally {
    db.close();
  }
}

export function openReadOnly(file: string): ReadOnlyDb {
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  raw.pragma('busy_timeout = 5000');
  return {
    raw,
    get: <T>(sql: string, ...params: unknown[]) => raw.prepare(sql).get(...params) as T | undefined,
    close: () => raw.close(),
  };
}
